using FlameGraph.Internals;

namespace FlameGraph.Tests.Common;

public class ShellWordsTests
{
    [Theory]
    [InlineData("sed -e s/a/b/", new[] { "sed", "-e", "s/a/b/" })]
    [InlineData("  a   b  ", new[] { "a", "b" })]
    [InlineData("sed 's/a b/c/'", new[] { "sed", "s/a b/c/" })]
    [InlineData("echo \"x \\\"y\\\" $z\"", new[] { "echo", "x \"y\" $z" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("x'y'\"z\"", new[] { "xyz" })]
    [InlineData("''", new[] { "" })]
    public void Splits_like_a_shell(string line, string[] words) =>
        Assert.Equal(words, ShellWords.Split(line));

    [Theory]
    [InlineData("sed 's/a")]
    [InlineData("echo \"x")]
    public void Unterminated_quotes_are_usage_errors(string line) =>
        Assert.Throws<OptionsException>(() => ShellWords.Split(line));
}
