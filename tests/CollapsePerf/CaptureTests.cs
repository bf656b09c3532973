using FlameGraph.Collapse.Perf;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.CollapsePerf;

/// <summary>
/// fg-collapse-perf's stage, in process, on real perf captures of programs whose hot spots are known by
/// construction (tests/data/programs). Every expectation comes from the program's design or
/// from reading the capture here in the test, never from the collapser's own output.
/// </summary>
public class CaptureTests
{
    const string KernelMark = "_[k]";

    /// <summary>The capture through the stage in process; these captures give no warning.</summary>
    static string CollapseText(string capture, PerfCollapseOptions options)
    {
        var result = StageRun.Run(new PerfCollapser(options).Run, (capture, File.ReadAllBytes(CaptureFile.PathOf(capture))));
        Assert.Empty(result.Warnings);
        return result.Text;
    }

    static List<FoldedOutputLine> Collapse(string capture, PerfCollapseOptions? options = null) =>
        FoldedOutputLine.ParseAll(CollapseText(capture, options ?? new PerfCollapseOptions()));

    /// <summary>The summed periods of the samples that have <paramref name="symbol"/> anywhere in their stack.</summary>
    static long PeriodOfSamplesWith(IEnumerable<CapturedSample> samples, string symbol) =>
        samples.Where(s => s.Frames.Any(f => f.Symbol == symbol)).Sum(s => s.Period);

    static long CountOfStacksWith(IEnumerable<FoldedOutputLine> stacks, string frame) =>
        stacks.Where(s => s.Contains(frame)).Sum(s => s.Count);

    [Theory]
    [InlineData("twohot")]
    [InlineData("threads")]
    [InlineData("kernelheavy")]
    public void Every_sample_is_folded_root_first_under_its_command_and_nothing_else(string capture)
    {
        var samples = CaptureFile.Load(capture);
        Assert.True(samples.Count > 400, $"{capture} holds only {samples.Count} samples");

        // What stackcollapse-perf.pl makes of these plain captures: comm, then the frames root
        // first without offsets; equal stacks add their periods.
        var expected = samples
            .GroupBy(s => string.Join(';', s.Frames.Reverse().Select(f => f.Symbol).Prepend(s.Comm)))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Period));

        string text = CollapseText(capture, new PerfCollapseOptions());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.OrderBy(l => l, StringComparer.Ordinal), lines);

        var actual = FoldedOutputLine.ParseAll(text).ToDictionary(s => string.Join(';', s.Frames), s => s.Count);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Twohot_hot_functions_take_their_three_to_one_share()
    {
        var samples = CaptureFile.Load("twohot");
        var stacks = Collapse("twohot");

        long three = CountOfStacksWith(stacks, "hot_three");
        long one = CountOfStacksWith(stacks, "hot_one");
        Assert.Equal(PeriodOfSamplesWith(samples, "hot_three"), three);
        Assert.Equal(PeriodOfSamplesWith(samples, "hot_one"), one);

        // The program runs the same loop 3N and N times; sampling noise allows some slack.
        double ratio = (double)three / one;
        Assert.InRange(ratio, 2.5, 3.5);
        // Together they are nearly all of the run (start-up and exit are a few samples).
        long total = stacks.Sum(s => s.Count);
        Assert.InRange((double)(three + one) / total, 0.95, 1.0);
    }

    [Fact]
    public void Twohot_hot_functions_sit_above_main()
    {
        foreach (var stack in Collapse("twohot").Where(s => s.Contains("hot_three") || s.Contains("hot_one")))
        {
            Assert.Equal("twohot", stack.Root);
            int main = Array.IndexOf(stack.Frames, "main");
            int hot = Math.Max(Array.IndexOf(stack.Frames, "hot_three"), Array.IndexOf(stack.Frames, "hot_one"));
            Assert.True(main > 0 && main < hot, $"main is not a caller of the hot function in {string.Join(';', stack.Frames)}");
        }
    }

    [Fact]
    public void Threads_each_hot_function_is_there_with_its_own_samples()
    {
        var samples = CaptureFile.Load("threads");
        var stacks = Collapse("threads");
        long total = stacks.Sum(s => s.Count);

        foreach (var hot in new[] { "spin_alpha", "spin_beta", "spin_gamma" })
        {
            long count = CountOfStacksWith(stacks, hot);
            Assert.Equal(PeriodOfSamplesWith(samples, hot), count);
            // Three threads doing equal work: each about a third.
            Assert.InRange((double)count / total, 0.25, 0.42);
        }
    }

    [Fact]
    public void Threads_tid_roots_are_comm_pid_tid_one_per_thread_of_the_capture()
    {
        var samples = CaptureFile.Load("threads");
        var stacks = Collapse("threads", new PerfCollapseOptions { IncludeTid = true });

        int pid = Assert.Single(samples.Select(s => s.Pid).Distinct());
        var tids = samples.Select(s => s.Tid).Distinct().ToList();
        Assert.Equal(3, tids.Count);
        Assert.DoesNotContain(pid, tids); // the main thread only waits, so it has no samples

        var expectedRoots = tids.Select(tid => $"threads-{pid}/{tid}").OrderBy(r => r, StringComparer.Ordinal);
        Assert.Equal(expectedRoots, stacks.Select(s => s.Root).Distinct().OrderBy(r => r, StringComparer.Ordinal));

        // Each hot function ran on one thread: its stacks are all under that thread's root.
        foreach (var hot in new[] { "spin_alpha", "spin_beta", "spin_gamma" })
        {
            int tid = Assert.Single(samples.Where(s => s.Frames.Any(f => f.Symbol == hot)).Select(s => s.Tid).Distinct());
            Assert.All(stacks.Where(s => s.Contains(hot)), s => Assert.Equal($"threads-{pid}/{tid}", s.Root));
            long periods = samples.Where(s => s.Tid == tid).Sum(s => s.Period);
            Assert.Equal(periods, stacks.Where(s => s.Root == $"threads-{pid}/{tid}").Sum(s => s.Count));
        }
    }

    [Theory]
    [InlineData("twohot")]
    [InlineData("threads")]
    [InlineData("kernelheavy")]
    public void Pid_root_is_comm_dash_pid(string capture)
    {
        var samples = CaptureFile.Load(capture);
        int pid = Assert.Single(samples.Select(s => s.Pid).Distinct());
        var stacks = Collapse(capture, new PerfCollapseOptions { IncludePid = true });
        Assert.All(stacks, s => Assert.Equal($"{capture}-{pid}", s.Root));
        Assert.Equal(samples.Sum(s => s.Period), stacks.Sum(s => s.Count));
    }

    [Fact]
    public void Kernel_marks_exactly_the_kernel_frames()
    {
        var samples = CaptureFile.Load("kernelheavy");
        var kernelSymbols = samples.SelectMany(s => s.Frames).Where(f => f.IsKernel).Select(f => f.Symbol).ToHashSet();
        var userSymbols = samples.SelectMany(s => s.Frames).Where(f => !f.IsKernel).Select(f => f.Symbol).ToHashSet();
        Assert.Contains("do_syscall_64", kernelSymbols);
        Assert.Contains("main", userSymbols);

        var stacks = Collapse("kernelheavy", new PerfCollapseOptions { AnnotateKernel = true });
        Assert.Contains(stacks, s => s.Contains("do_syscall_64" + KernelMark));
        foreach (var stack in stacks)
        {
            Assert.Equal("kernelheavy", stack.Root);
            foreach (var frame in stack.Frames.Skip(1))
            {
                if (frame.EndsWith(KernelMark, StringComparison.Ordinal))
                    Assert.Contains(frame[..^KernelMark.Length], kernelSymbols);
                else
                    Assert.Contains(frame, userSymbols);
            }
        }
    }

    [Fact]
    public void Kernel_heavy_program_has_most_samples_under_kernel_frames()
    {
        var samples = CaptureFile.Load("kernelheavy");
        long inKernel = samples.Where(s => s.Frames.Any(f => f.IsKernel)).Sum(s => s.Period);

        var stacks = Collapse("kernelheavy", new PerfCollapseOptions { AnnotateKernel = true });
        long marked = stacks.Where(s => s.Frames.Any(f => f.EndsWith(KernelMark, StringComparison.Ordinal))).Sum(s => s.Count);
        long total = stacks.Sum(s => s.Count);

        Assert.Equal(inKernel, marked);
        Assert.True(marked > total / 2, $"only {marked} of {total} under kernel frames");
        // The user frames stay at the root end: the kernel is called from the program.
        foreach (var stack in stacks.Where(s => s.Frames.Any(f => f.EndsWith(KernelMark, StringComparison.Ordinal))))
        {
            int firstKernel = Array.FindIndex(stack.Frames, f => f.EndsWith(KernelMark, StringComparison.Ordinal));
            Assert.All(stack.Frames[firstKernel..], f => Assert.EndsWith(KernelMark, f));
        }
    }

    [Fact]
    public void Without_kernel_no_frame_is_marked()
    {
        var stacks = Collapse("kernelheavy");
        Assert.DoesNotContain(stacks, s => s.Frames.Any(f => f.EndsWith(KernelMark, StringComparison.Ordinal)));
        Assert.Contains(stacks, s => s.Contains("do_syscall_64"));
    }
}
