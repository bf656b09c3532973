using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.CollapseDtrace;

/// <summary>fg-collapse-dtrace against stackcollapse.pl's outputs in the corpus, byte for byte.</summary>
public class CollapseDtraceConformanceTests
{
    /// <summary>
    /// stackcollapse.pl has no options; the corpus records its in-source $includeoffset tunable in
    /// the program name. That behaviour is our --includeoffset (inferno's name for it).
    /// </summary>
    const string IncludeOffsetProgram = "stackcollapse.pl[$includeoffset=1]";

    public static TheoryData<string, string> Cases() => Corpus.ExpectedCases("collapse-dtrace");

    [Fact]
    public void Every_case_of_the_corpus_is_covered()
    {
        Corpus.Require();
        int expectedFiles = Directory.GetFiles(Path.Combine(Corpus.Dir!, "collapse-dtrace"), "expected*.folded", SearchOption.AllDirectories).Length;
        Assert.NotEqual(0, expectedFiles);
        Assert.Equal(expectedFiles, Cases().Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_stackcollapse_pl(string expectedFile, string command)
    {
        string dir = Path.GetDirectoryName(Corpus.PathOf(expectedFile))!;
        var reference = ManifestCommand.Parse(command);
        var arguments = reference.Program switch
        {
            "stackcollapse.pl" => reference.Arguments,
            IncludeOffsetProgram => ["--includeoffset", .. reference.Arguments],
            _ => throw new InvalidOperationException($"unexpected reference program {reference.Program}"),
        };

        var result = ToolProcess.Run("fg-collapse-dtrace", arguments, workingDirectory: dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        byte[] expected = File.ReadAllBytes(Corpus.PathOf(expectedFile));
        if (!expected.AsSpan().SequenceEqual(result.Stdout))
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), result.StdoutText);
    }
}
