using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.CollapsePerf;

/// <summary>
/// fg-collapse-perf against stackcollapse-perf.pl's outputs in the corpus, byte for byte, run
/// with exactly the MANIFEST command's arguments. Where the input lacks its final blank line the
/// expected bytes are the corpus' `terminated/` file: we keep the last sample that Perl drops.
/// </summary>
public class CollapsePerfConformanceTests
{
    public static TheoryData<string, string> Cases() => Corpus.ExpectedCases("collapse-perf");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_stackcollapse_perf(string expectedFile, string command)
    {
        string dir = Path.GetDirectoryName(Corpus.PathOf(expectedFile))!;
        var reference = ManifestCommand.Parse(command);
        Assert.Equal("stackcollapse-perf.pl", reference.Program);

        var result = ToolProcess.Run("fg-collapse-perf", reference.Arguments, workingDirectory: dir);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Stderr);
        AssertSameBytes(ExpectedBytes(expectedFile), result.Stdout);
    }

    /// <summary>The biggest corpus input: stdin, and any thread count, give the same bytes.</summary>
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void Biggest_case_through_stdin_with_any_thread_count(string threads)
    {
        string input = Corpus.PathOf("collapse-perf/example-perf-stacks/input.txt");
        var result = ToolProcess.Run("fg-collapse-perf", ["-n", threads], stdin: File.ReadAllBytes(input));

        Assert.Equal(0, result.ExitCode);
        AssertSameBytes(ExpectedBytes("collapse-perf/example-perf-stacks/expected.folded"), result.Stdout);
    }

    /// <summary>
    /// Several input blocks, so workers really share the input: the example profile three times
    /// over must give Perl's stacks with every count tripled, whatever the thread count.
    /// </summary>
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("4")]
    public void Input_spanning_many_blocks_folds_the_same_on_any_thread_count(string threads)
    {
        string input = Corpus.PathOf("collapse-perf/example-perf-stacks/input.txt");
        string dir = Path.GetDirectoryName(input)!;
        var result = ToolProcess.Run("fg-collapse-perf", ["-n", threads, "input.txt", "input.txt", "-", "--all"],
            stdin: File.ReadAllBytes(input), workingDirectory: dir);

        Assert.Equal(0, result.ExitCode);
        var expected = File.ReadAllLines(Corpus.PathOf("collapse-perf/example-perf-stacks/expected-all.folded"))
            .Select(line =>
            {
                int space = line.LastIndexOf(' ');
                return line[..space] + " " + (long.Parse(line[(space + 1)..]) * 3);
            });
        Assert.Equal(expected, result.StdoutText.Split('\n').SkipLast(1));
    }

    static byte[] ExpectedBytes(string expectedFile)
    {
        string caseName = Path.GetFileName(Path.GetDirectoryName(expectedFile)!);
        string terminated = Corpus.PathOf(Path.Combine("terminated", "collapse-perf", caseName, Path.GetFileName(expectedFile)));
        return File.ReadAllBytes(File.Exists(terminated) ? terminated : Corpus.PathOf(expectedFile));
    }

    static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
            return;
        // Show the first differing line rather than two walls of bytes.
        var want = System.Text.Encoding.UTF8.GetString(expected).Split('\n');
        var got = System.Text.Encoding.UTF8.GetString(actual).Split('\n');
        int i = 0;
        while (i < want.Length && i < got.Length && want[i] == got[i])
            i++;
        Assert.Fail($"output differs at line {i + 1}: expected \"{(i < want.Length ? want[i] : "(end)")}\", got \"{(i < got.Length ? got[i] : "(end)")}\"");
    }
}
