using System.Diagnostics;
using System.Text;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.CollapsePerf;

/// <summary>The options the corpus does not cover: --srcline, --skip-after, --inline, messages, spellings.</summary>
public class CollapsePerfOptionTests
{
    static ToolResult Run(string input, params string[] args) =>
        ToolProcess.Run("fg-collapse-perf", args, stdin: Encoding.UTF8.GetBytes(input));

    [Fact]
    public void Srcline_appends_each_frames_source_line_but_not_for_unknown_frames()
    {
        string input =
            "a.out 35081 252436.005167:     667783 cycles:\n" +
            "                  408ebb some_method_name+0x8b (/full/path/to/a.out)\n" +
            "  uniform_int_dist.h:300\n" +
            "                  4069f5 main+0x935 (/full/path/to/a.out)\n" +
            "  file.cpp:137\n" +
            "            7f6d2148eb25 __libc_start_main+0xd5 (/lib64/libc-2.33.so)\n" +
            "  libc-2.33.so[27b25]\n" +
            "\n" +
            "a.out 35081 252435.738165:     306459 cycles:\n" +
            "            7f6d213c2750 [unknown] (/usr/lib64/libkmod.so.2.3.6)\n" +
            "  libkmod.so.2.3.6[6750]\n" +
            "\n" +
            "a.out 35081 252435.738373:     315813 cycles:\n" +
            "            7f6d215ca51b __strlen_avx2+0x4b (/lib64/libc-2.33.so)\n" +
            "  libc-2.33.so[16351b]\n" +
            "            7ffc71ee9580 [unknown] ([unknown])\n" +
            "\n";

        var result = Run(input, "--srcline");

        Assert.Equal(
            "a.out;[libkmod.so.2.3.6]:libkmod.so.2.3.6 306459\n" +
            "a.out;[unknown];__strlen_avx2:libc-2.33.so 315813\n" +
            "a.out;__libc_start_main:libc-2.33.so;main:file.cpp:137;some_method_name:uniform_int_dist.h:300 667783\n",
            result.StdoutText);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Skip_after_keeps_the_frame_and_drops_its_callers_and_the_process()
    {
        string input =
            "prog 10 1.0: 1 cpu-clock:\n\t1 leaf (/x)\n\t2 handler+0x10 (/x)\n\t3 dispatch (/x)\n\t4 main (/x)\n\n" +
            "prog 10 1.0: 1 cpu-clock:\n\t1 other (/x)\n\t4 main (/x)\n\n" +
            "prog 10 1.0: 1 cpu-clock:\n\t1 leaf (/x)\n\t2 tick (/x)\n\t3 dispatch (/x)\n\n";

        var result = Run(input, "--skip-after", "handler", "--skip-after", "tick", "-n", "2");

        Assert.Equal("handler;leaf 1\nprog;main;other 1\ntick;leaf 1\n", result.StdoutText);
        Assert.Equal("prog;dispatch;tick;leaf 1\nprog;main;dispatch;handler;leaf 1\nprog;main;other 1\n", Run(input).StdoutText);
    }

    [Fact]
    public void Default_event_filter_names_the_kept_and_the_skipped_events_once()
    {
        string input = File.ReadAllText(Corpus.PathOf("collapse-perf/perf-cycles-instructions-01/input.txt"));

        var result = Run(input);

        // The input interleaves 333 samples of instructions (the first) with 111 of cycles:
        // grep -cP '^\S.*:\s*\d*\s+cycles:\s*$' input.txt gives 111.
        Assert.Equal("fg-collapse-perf: warning: filtering for events of type instructions (the first in the input); skipped 111 samples of cycles\n",
            result.Stderr);
        Assert.Equal("", Run(input, "-q").Stderr);
        Assert.Equal("", Run(input, "--event-filter=cycles").Stderr);
    }

    [Theory]
    [InlineData("-tid", "-all")]
    [InlineData("--tid", "--all")]
    [InlineData("--ti", "--al")]
    [InlineData("-tid", "--kernel", "-jit")]
    public void Perl_spellings_of_options_work(params string[] args)
    {
        string dir = Path.GetDirectoryName(Corpus.PathOf("collapse-perf/perf-iperf-stacks-pidtid-01/input.txt"))!;
        string expected = Corpus.PathOf("terminated/collapse-perf/perf-iperf-stacks-pidtid-01/expected-tid-all.folded");

        var result = ToolProcess.Run("fg-collapse-perf", [.. args, "input.txt"], workingDirectory: dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllBytes(expected), result.Stdout);
    }

    [Fact]
    public void Event_filter_takes_its_value_after_a_space_or_an_equals_sign()
    {
        string dir = Path.GetDirectoryName(Corpus.PathOf("collapse-perf/perf-cycles-instructions-01/input.txt"))!;
        byte[] expected = File.ReadAllBytes(Path.Combine(dir, "expected-event-filter-cycles.folded"));

        foreach (string[] args in new[] { new[] { "--event-filter", "cycles" }, ["-event-filter=cycles"], ["--event-filter=cycles"] })
        {
            var result = ToolProcess.Run("fg-collapse-perf", [.. args, "input.txt"], workingDirectory: dir);
            Assert.Equal(expected, result.Stdout);
        }
    }

    [Fact]
    public void An_empty_event_filter_is_a_usage_error()
    {
        // stackcollapse-perf.pl: "Option event-filter requires an argument" and its usage, for
        // `--event-filter=`; the file after it is not taken as the event.
        using var scratch = new ScratchDirectory("fg-collapse-perf-");
        scratch.Write("x", "app 1 1.0: 5 cycles:\n\t1 main (/bin/a)\n\n");
        foreach (string[] args in new[] { new[] { "--event-filter=", "x" }, ["--event-filter", "", "x"], ["-event-filter=", "x"] })
        {
            var result = ToolProcess.Run("fg-collapse-perf", args, workingDirectory: scratch.Path);
            Assert.Equal(2, result.ExitCode);
            Assert.Empty(result.Stdout);
            Assert.Equal("fg-collapse-perf: --event-filter needs an event name, as perf script prints it (e.g. cycles:u)\n", result.Stderr);
        }
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var result = Run("", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("fg-collapse-perf: ", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>--inline asks addr2line about a real binary, and falls back to nm for `func+0xOFF`.</summary>
    [Fact]
    public void Inline_resolves_frames_with_addr2line_and_nm()
    {
        using var scratch = new ScratchDirectory("fg-inline-");
        string dir = scratch.Path;
        string binary = Path.Combine(dir, "demo");
        File.WriteAllText(Path.Combine(dir, "demo.c"),
            "int work(int x) { return x * 3 + 1; }\nint main(int c, char **v) { return work(c); }\n");
        string symbols = "";
        if (!Try("gcc", dir, out _, "-g", "-O0", "-o", binary, "demo.c") || !Try("nm", dir, out symbols, binary))
            Assert.Skip("gcc or nm not available: --inline NOT checked");
        string workAddress = symbols.Split('\n').Single(l => l.EndsWith(" T work")).Split(' ')[0].TrimStart('0');

        string input =
            $"demo 5 1.0: 1 cpu-clock:\n\t{workAddress} not_what_addr2line_says ({binary})\n\n" +
            $"demo 6 1.0: 1 cpu-clock:\n\tffffffffff work+0x0 ({binary})\n\n" +
            $"demo 7 1.0: 1 cpu-clock:\n\t1000 in_the_kernel ([kernel.kallsyms])\n\n";

        Assert.Equal("demo;in_the_kernel 1\ndemo;work 2\n", Run(input, "--inline").StdoutText);
        var withContext = Run(input, "--inline", "--context").StdoutText;
        Assert.Matches(@"^demo;in_the_kernel 1\ndemo;work:demo\.c:1 2\n$", withContext);
    }

    /// <summary>
    /// --inline gives, pc by pc, what stackcollapse-perf.pl gets from one `addr2line -a PC -e DSO -i -f -s -C`
    /// per pc, also where addr2line answers with several inlined functions.
    /// </summary>
    [Fact]
    public void Inline_answers_match_one_addr2line_run_per_pc_through_inlined_code()
    {
        using var scratch = new ScratchDirectory("fg-inline-chain-");
        string dir = scratch.Path;
        string binary = Path.Combine(dir, "chain");
        File.WriteAllText(Path.Combine(dir, "chain.c"), """
            volatile double sink;
            static inline __attribute__((always_inline)) double inner(double x) { return x * x + sink; }
            static inline __attribute__((always_inline)) double middle(double x) { return inner(x) * 3 + inner(x + 1); }
            __attribute__((noinline)) void outer(int n) { for (int i = 0; i < n; i++) sink += middle(i); }
            int main(void) { outer(1000); return 0; }
            """);
        string symbols = "";
        if (!Try("gcc", dir, out _, "-g", "-O2", "-o", binary, "chain.c") || !Try("nm", dir, out symbols, "-S", binary))
            Assert.Skip("gcc or nm not available: --inline NOT checked");
        string[] outer = symbols.Split('\n').Single(l => l.EndsWith(" T outer")).Split(' ');
        ulong start = Convert.ToUInt64(outer[0], 16), size = Convert.ToUInt64(outer[1], 16);

        var input = new StringBuilder();
        var expected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (ulong pc = start; pc < start + size; pc++)
        {
            string hex = pc.ToString("x");
            input.Append($"chain 5 1.0: 1 cpu-clock:\n\t{hex} outer+0x{pc - start:x} ({binary})\n\n");
            Assert.True(Try("addr2line", dir, out string answer, "-a", hex, "-e", binary, "-i", "-f", "-s", "-C"));
            // After the address line: function and file:line pairs, innermost first.
            string[] lines = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
            string chain = string.Join(";", Enumerable.Range(0, lines.Length / 2).Select(i => lines[2 * i]).Reverse());
            string stack = "chain;" + (chain is "" or "??" ? "outer" : chain);
            expected[stack] = expected.GetValueOrDefault(stack) + 1;
        }

        var result = Run(input.ToString(), "--inline");

        Assert.Contains(expected.Keys, stack => stack.Contains("outer;middle;inner", StringComparison.Ordinal));
        Assert.Equal(string.Concat(expected.Select(e => $"{e.Key} {e.Value}\n")), result.StdoutText);
    }

    static bool Try(string program, string dir, out string output, params string[] args)
    {
        output = "";
        try
        {
            var start = new ProcessStartInfo(program) { WorkingDirectory = dir, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
