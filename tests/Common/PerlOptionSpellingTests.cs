using System.CommandLine;
using FlameGraph.Common;

namespace FlameGraph.Tests.Common;

public class PerlOptionSpellingTests
{
    static RootCommand Command() => new("t")
    {
        new Option<string>("--title"),
        new Option<bool>("--inverted"),
        new Option<bool>("--inline"),
        new Option<int>("--nthreads", "-n"),
    };

    [Theory]
    [InlineData(new[] { "-title", "x" }, new[] { "--title", "x" })]
    [InlineData(new[] { "--tit=x y" }, new[] { "--title=x y" })]
    [InlineData(new[] { "--inv" }, new[] { "--inverted" })]
    [InlineData(new[] { "-n", "4" }, new[] { "--nthreads", "4" })]
    [InlineData(new[] { "--in" }, new[] { "--in" })] // ambiguous: inverted or inline
    [InlineData(new[] { "--title", "-inv" }, new[] { "--title", "-inv" })] // a value is never rewritten
    [InlineData(new[] { "--", "-inv" }, new[] { "--", "-inv" })]
    [InlineData(new[] { "-", "file" }, new[] { "-", "file" })]
    public void Rewrites_perl_spellings_to_canonical_names(string[] args, string[] expected)
    {
        Assert.Equal(expected, PerlOptionSpelling.Normalize(Command(), args));
    }
}
