using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Diff;

/// <summary>fg-diff against difffolded.pl's outputs in the corpus (compared as sorted lines).</summary>
public class DiffConformanceTests
{
    public static TheoryData<string, string> Cases() => Corpus.ExpectedCases("diff-folded");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_difffolded(string expectedFile, string command)
    {
        string dir = Path.GetDirectoryName(Corpus.PathOf(expectedFile))!;
        var reference = ManifestCommand.Parse(command);
        Assert.Equal("difffolded.pl", reference.Program);

        var result = ToolProcess.Run("fg-diff", reference.Arguments, workingDirectory: dir);

        Assert.Equal(0, result.ExitCode);
        var expected = File.ReadAllLines(Corpus.PathOf(expectedFile)).OrderBy(l => l, StringComparer.Ordinal);
        var actual = result.StdoutText.Split('\n', StringSplitOptions.None).SkipLast(1).OrderBy(l => l, StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }
}
