using System.CommandLine;
using FlameGraph.Cli;

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
    [InlineData(new[] { "--title=", "file" }, new[] { "--title", "", "file" })] // an empty value, not the next argument
    public void Rewrites_perl_spellings_to_canonical_names(string[] args, string[] expected)
    {
        Assert.Equal(expected, PerlOptionSpelling.Normalize(Command(), args));
    }
}

public class UnknownOptionTests
{
    static RootCommand Command() => new("t")
    {
        new Option<string>("--title"),
        new Option<bool>("--normalize", "-n"),
        new Option<bool>("--strip-hex", "-s"),
        new Option<int>("--freq", "-F"),
    };

    [Theory]
    [InlineData(new[] { "--titel", "x" }, "--titel")]
    [InlineData(new[] { "-x" }, "-x")]
    [InlineData(new[] { "file", "--bogus=3" }, "--bogus")]
    [InlineData(new[] { "-nx" }, "-nx")]
    public void Names_the_first_argument_that_looks_like_an_unknown_option(string[] args, string unknown)
    {
        PerlOptionSpelling.Normalize(Command(), args, out string? found);
        Assert.Equal(unknown, found);
    }

    [Theory]
    [InlineData("-ns a b")]                 // bundled one-letter flags
    [InlineData("-F99")]                    // one-letter option with its value attached
    [InlineData("--title -not-an-option")]  // an option's value is never an option
    [InlineData("-- -file")]
    [InlineData("- ./-file")]
    public void Accepts_forms_the_parser_understands(string commandLine)
    {
        string[] args = commandLine.Split(' ');
        PerlOptionSpelling.Normalize(Command(), args, out string? found);
        Assert.Null(found);
    }
}
