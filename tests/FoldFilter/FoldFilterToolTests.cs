using System.Diagnostics;
using FlameGraph.Filter;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.FoldFilter;

/// <summary>
/// fg-fold-filter's inputs: merging and sorting (on the stage in process), and as a user runs the
/// tool: stdin between files, errors, a closed pipe.
/// </summary>
public class FoldFilterToolTests
{
    [Fact]
    public void Without_options_merges_equal_stacks_and_sorts_bytewise()
    {
        var result = FoldFilterRun.Filter("main;b 2\nmain;a 1\nMain;z 4\nmain;b 3\nmain;_x 1\n");
        // Bytewise: 'M' (0x4D) < '_' (0x5F) < 'a' (0x61).
        FoldFilterRun.AssertOutput(result, "Main;z 4\nmain;_x 1\nmain;a 1\nmain;b 5\n");
    }

    [Fact]
    public void Several_files_are_merged_by_adding_counts()
    {
        var result = FoldFilterRun.Filter(new FoldFilterOptions(), ("in1.folded", "a;b 1\nc 2\n"), ("in2.folded", "a;b 10\nd 1\n"));
        FoldFilterRun.AssertOutput(result, "a;b 11\nc 2\nd 1\n");
    }

    [Fact]
    public void A_dash_reads_stdin_between_files()
    {
        using var scratch = new ScratchDirectory("fg-fold-filter-");
        string dir = scratch.Path;
        File.WriteAllText(Path.Combine(dir, "one.folded"), "a 1\n");
        var result = ToolProcess.Run("fg-fold-filter", ["one.folded", "-"], "a 2\nb 1\n"u8.ToArray(), workingDirectory: dir);
        FoldFilterRun.AssertOutput(result, "a 3\nb 1\n");
    }

    [Fact]
    public void Fractional_counts_add_like_perl()
    {
        var result = FoldFilterRun.Filter("a 1.5\na 2.25\nb 3.\n");
        FoldFilterRun.AssertOutput(result, "a 3.75\nb 3\n");
    }

    [Fact]
    public void Differential_input_keeps_both_columns()
    {
        var result = FoldFilterRun.Filter("a;b 1 2\nc 5 0\na;b 3 4\n");
        FoldFilterRun.AssertOutput(result, "a;b 4 6\nc 5 0\n");
    }

    [Fact]
    public void Lines_without_a_count_are_skipped_with_one_warning_naming_file_and_first_line()
    {
        var result = FoldFilterRun.Filter(new FoldFilterOptions(), ("in1.folded", "a 1\nno count here\nb 2\nalso bad\n"));
        Assert.Equal("a 1\nb 2\n", result.Text);
        Assert.Equal(["'in1.folded': skipped 2 lines without a count (first at line 2)"], result.Warnings);
    }

    [Fact]
    public void Missing_file_is_a_one_line_error_with_status_1()
    {
        var result = ToolProcess.Run("fg-fold-filter", "no-such-file.folded");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-fold-filter: cannot open 'no-such-file.folded': No such file or directory\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var result = ToolProcess.Run("fg-fold-filter", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_closed_pipe_ends_quietly()
    {
        // Enough distinct stacks that the output outlives the 64 KiB pipe buffer.
        string input = string.Concat(Enumerable.Range(0, 50000).Select(i => $"main;frame{i:D6} 1\n"));
        using var scratch = new ScratchDirectory("fg-fold-filter-");
        string inputFile = scratch.Write("in.folded", input);
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", $"'{RepoPaths.Tool("fg-fold-filter")}' '{inputFile}' | head -1; exit ${{PIPESTATUS[0]}}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal("main;frame000000 1\n", stdout);
        Assert.Equal("", stderr);
        Assert.Equal(0, process.ExitCode);
    }
}
