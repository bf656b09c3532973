using System.Text;
using FlameGraph.Collapse.Perf;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.CollapsePerf;

/// <summary>Damaged and unusual inputs: no crash, no stack trace, good samples kept, bytes passed through.</summary>
public class CollapsePerfInputTests
{
    const string Sample =
        "myprog 1234/1235 100.000001: 250000 cycles:u:\n" +
        "\t    7f0000001000 leaf+0x10 (/usr/lib/libx.so)\n" +
        "\t    7f0000002000 main (/usr/bin/myprog)\n" +
        "\n";

    /// <summary>Folds one input named 'x' in process; <paramref name="threads"/> as -n, default the tool's.</summary>
    static StageResult Fold(byte[] input, int? threads = null)
    {
        var options = threads is { } n ? new PerfCollapseOptions { Threads = n } : new PerfCollapseOptions();
        return StageRun.Run(new PerfCollapser(options).Run, ("x", input));
    }

    static StageResult Fold(string input, int? threads = null) => Fold(Encoding.UTF8.GetBytes(input), threads);

    /// <summary>The built tool on a file 'x', for what only the command line does (stderr, -q, exit codes).</summary>
    static ToolResult RunTool(string input, params string[] args)
    {
        using var scratch = new ScratchDirectory("fg-collapse-perf-");
        scratch.Write("x", input);
        var result = ToolProcess.Run("fg-collapse-perf", [.. args, "x"], workingDirectory: scratch.Path);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        return result;
    }

    [Fact]
    public void Empty_input_gives_empty_output_quietly()
    {
        var result = Fold("");
        Assert.Empty(result.Output);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Binary_garbage_is_counted_once_and_good_samples_are_kept()
    {
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        for (int i = 0; i < garbage.Length; i++)
        {
            if (garbage[i] == (byte)'\n' && i % 5 != 0)
                garbage[i] = 0; // fewer, longer lines
            if (char.IsAsciiDigit((char)garbage[i]))
                garbage[i] = (byte)'Z'; // no digits: no line can pass for a sample's first line
        }
        garbage[0] = 1;
        byte[] input = [.. Encoding.UTF8.GetBytes(Sample), .. garbage, (byte)'\n', (byte)'\n', .. Encoding.UTF8.GetBytes(Sample)];

        var result = Fold(input, threads: 2);

        Assert.Equal("myprog;main;leaf 500000\n", result.Text);
        Assert.Single(result.Warnings, w => w.Contains("unrecognized"));
        Assert.Matches(@"^skipped \d+ unrecognized lines? in 'x' \(first at line 5\)$",
            result.Warnings.Single(w => w.Contains("unrecognized")));
    }

    [Fact]
    public void Warning_counts_skipped_lines_and_names_the_first()
    {
        string input = Sample + "what is this\n" + Sample.Replace("\n\n", "\n") + "another bad line\n\nstill bad\n" + Sample;

        var result = RunTool(input);

        Assert.Equal("myprog;main;leaf 750000\n", result.StdoutText);
        Assert.Equal("fg-collapse-perf: warning: skipped 3 unrecognized lines in 'x' (first at line 5)\n", result.Stderr);
        Assert.Equal("", RunTool(input, "-q").Stderr);
    }

    [Fact]
    public void Crlf_line_ends_fold_like_lf()
    {
        var result = Fold((Sample + Sample).Replace("\n", "\r\n"));
        Assert.Equal("myprog;main;leaf 500000\n", result.Text);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("")]
    public void A_truncated_last_sample_is_kept(string lastLineEnd)
    {
        string input = Sample + Sample.TrimEnd('\n') + lastLineEnd;
        var result = Fold(input);
        Assert.Equal("myprog;main;leaf 500000\n", result.Text);
    }

    [Fact]
    public void A_10_MB_line_is_skipped_and_the_samples_around_it_kept()
    {
        byte[] longLine = new byte[10 << 20];
        longLine.AsSpan().Fill((byte)'x');
        byte[] input = [.. Encoding.UTF8.GetBytes(Sample), .. longLine, (byte)'\n', (byte)'\n', .. Encoding.UTF8.GetBytes(Sample)];

        foreach (int threads in new[] { 1, 2 })
        {
            var result = Fold(input, threads);
            Assert.Equal("myprog;main;leaf 500000\n", result.Text);
            Assert.Equal(["skipped 1 unrecognized line in 'x' (first at line 5)"], result.Warnings);
        }
    }

    [Fact]
    public void Invalid_utf8_names_pass_through_unchanged()
    {
        byte[] comm = [(byte)'p', (byte)'r', 0xE9, (byte)'c'];
        byte[] name = [0xFF, (byte)'f', 0xC3, 0x28, (byte)'n', 0x80];
        byte[] input =
        [
            .. comm, .. " 7 1.0: 1 cpu-clock:\n"u8,
            .. "\t1000 "u8, .. name, .. " (/lib/"u8, 0xFE, .. ".so)\n\n"u8,
        ];

        var result = Fold(input);

        // The bytes come out as they went in; '(' (0x28) cuts the argument list as in Perl.
        Assert.Equal([.. comm, (byte)';', 0xFF, (byte)'f', 0xC3, .. " 1\n"u8], result.Output);
    }

    [Fact]
    public void A_10000_frame_stack_folds_root_first()
    {
        var text = new StringBuilder("deep 42 1.0: 3 cpu-clock:\n");
        for (int i = 9999; i >= 0; i--)
            text.Append($"\t{i:x} f{i} (/bin/deep)\n");
        text.Append('\n');

        var result = Fold(text.ToString());

        string expected = "deep;" + string.Join(";", Enumerable.Range(0, 10000).Select(i => $"f{i}")) + " 3\n";
        Assert.Equal(expected, result.Text);
    }

    /// <summary>A sample bigger than any block the workers share: folded in order, same bytes.</summary>
    [Fact]
    public void A_sample_of_20_MB_folds_the_same_on_any_thread_count()
    {
        const int frames = 1_000_000;
        var text = new StringBuilder("huge 1 1.0: 5 cpu-clock:\n");
        for (int i = 0; i < frames; i++)
            text.Append($"\t{i:x} f{i % 1000} (/bin/x)\n");
        text.Append('\n');
        // The premise: no chunk can hold this sample whole, wherever the collapser sets its limit.
        Assert.True(text.Length > InputChunker.MaxSampleChunk,
            $"the sample ({text.Length} bytes) fits in one chunk of {InputChunker.MaxSampleChunk} bytes: a sample cut across chunks is NOT checked");
        for (int i = 0; i < 50_000; i++)
            text.Append($"small {i} 1.0: 1 cpu-clock:\n\t1 b (/x)\n\t2 c (/x)\n\n");
        string input = text.ToString();
        string expected = "huge;" + string.Join(";", Enumerable.Range(0, frames).Reverse().Select(i => $"f{i % 1000}")) + " 5\n"
            + "small;c;b 50000\n";

        foreach (int threads in new[] { 1, 2 })
            Assert.Equal(expected, Fold(input, threads).Text);
    }

    [Fact]
    public void Missing_file_is_one_line_and_exit_1()
    {
        var result = ToolProcess.Run("fg-collapse-perf", "no-such-file.txt");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-collapse-perf: cannot open 'no-such-file.txt': No such file or directory\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void A_closed_pipe_ends_quietly()
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/bash")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var scratch = new ScratchDirectory("fg-collapse-perf-");
        var text = new StringBuilder();
        for (int i = 0; i < 200_000; i++)
            text.Append($"p{i} 1 1.0: 1 cpu-clock:\n\t1 f (/x)\n\n");
        string input = scratch.Write("perf.txt", text.ToString());
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"'{RepoPaths.Tool("fg-collapse-perf")}' '{input}' | head -1; echo \"status ${{PIPESTATUS[0]}}\"");
        using var process = System.Diagnostics.Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal("p0;f 1\nstatus 0\n", stdout);
        Assert.Equal("", stderr);
    }
}
