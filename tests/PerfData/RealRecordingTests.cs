using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.PerfData;

/// <summary>
/// perf.data recorded on this machine at test time (frame pointers): fg-collapse-perf folding the
/// file itself prints exactly the bytes of `perf script -F +pid | fg-collapse-perf`, with each
/// option. Skipped, visibly, where perf cannot record.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class RealRecordingTests(RealPerf perf) : IClassFixture<RealPerf>
{
    static readonly string[][] OptionSets = [[], ["--pid"], ["--tid"], ["--all"], ["--addrs"], ["--kernel", "--tid", "--addrs"]];

    static string Threads(string dir) => Gcc(dir, "threads", "-pthread");

    /// <summary>Builds tests/data/programs/NAME.c into dir with frame pointers and debug information; returns the binary.</summary>
    static string Gcc(string dir, string name, params string[] flags)
    {
        string binary = Path.Combine(dir, name);
        var gcc = RealPerf.Run("gcc", ["-O1", "-g", "-fno-omit-frame-pointer", .. flags, "-o", binary, RepoPaths.TestData("programs", name + ".c")], dir);
        Assert.True(gcc.ExitCode == 0, gcc.Stderr);
        return binary;
    }

    /// <summary>Records into dir/perf.data; returns its path.</summary>
    static string Record(string dir, params string[] args)
    {
        var record = RealPerf.Run("perf", ["record", "-o", "perf.data", .. args], dir);
        Assert.True(record.ExitCode == 0, record.Stderr);
        return Path.Combine(dir, "perf.data");
    }

    static byte[] PerfScript(string data, string dir)
    {
        var script = RealPerf.Run("perf", ["script", "-F", "+pid", "-i", data], dir);
        Assert.True(script.ExitCode == 0, script.Stderr);
        return System.Text.Encoding.UTF8.GetBytes(script.Stdout);
    }

    /// <summary>Folds the recording both ways with every option set and compares the bytes; the last option set must show <paramref name="mustContain"/>.</summary>
    static void AssertSameAsPerfScript(string data, string dir, string mustContain, params string[][] extraOptions)
    {
        byte[] text = PerfScript(data, dir);
        foreach (var options in OptionSets.Concat(extraOptions))
        {
            var viaText = ToolProcess.Run("fg-collapse-perf", ["-q", .. options], text);
            var direct = ToolProcess.Run("fg-collapse-perf", ["-q", .. options, data]);
            Assert.True(direct.ExitCode == 0, direct.Stderr);
            Assert.Equal(viaText.StdoutText, direct.StdoutText);
        }
        string[] last = extraOptions.Length > 0 ? extraOptions[^1] : [];
        Assert.Contains(mustContain, ToolProcess.Run("fg-collapse-perf", [.. last, data]).StdoutText);
    }

    [Fact]
    public void A_multithreaded_frame_pointer_recording_folds_as_perf_script_prints_it()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-threads");
        string data = Record(dir, "-g", "--", Threads(dir), "60000000");

        AssertSameAsPerfScript(data, dir, "start_thread;spin_gamma ", ["--skip-after", "start_thread"]);
    }

    [Fact]
    public void A_compressed_recording_folds_as_perf_script_prints_it()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-compressed");
        string data = Record(dir, "-z", "-g", "--", Threads(dir), "60000000");

        AssertSameAsPerfScript(data, dir, ";spin_beta ");
    }

    [Fact]
    public void Two_events_fold_as_perf_script_prints_them_with_each_event_filter()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-two-events");
        string data = Record(dir, "-e", "cpu-clock,page-faults", "-g", "--", Threads(dir), "60000000");

        AssertSameAsPerfScript(data, dir, ";spin_alpha ", ["--event-filter", "page-faults"], ["--event-filter", "cpu-clock"]);
    }

    [Fact]
    public void A_pipe_mode_recording_on_stdin_folds_as_perf_script_prints_it()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-pipe");
        string binary = Threads(dir);
        string data = Path.Combine(dir, "pipe.data");
        // `perf record -o -` writes pipe mode on stdout; the shell keeps its bytes in a file
        var record = RealPerf.Run("sh", ["-c", $"perf record -g -o - -- '{binary}' 60000000 > '{data}'"], dir);
        Assert.True(record.ExitCode == 0, record.Stderr);
        var script = RealPerf.Run("sh", ["-c", $"perf script -F +pid -i - < '{data}'"], dir);
        byte[] bytes = File.ReadAllBytes(data);

        foreach (var options in OptionSets)
        {
            var viaText = ToolProcess.Run("fg-collapse-perf", ["-q", .. options], System.Text.Encoding.UTF8.GetBytes(script.Stdout));
            var direct = ToolProcess.Run("fg-collapse-perf", ["-q", .. options], bytes);
            Assert.True(direct.ExitCode == 0, direct.Stderr);
            Assert.Equal(viaText.StdoutText, direct.StdoutText);
        }
        Assert.Contains(";spin_alpha ", ToolProcess.Run("fg-collapse-perf", [], bytes).StdoutText);
    }

    [Fact]
    public void A_fixed_period_recording_folds_as_perf_script_prints_it()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-fixed-period");
        string data = Record(dir, "-c", "100000", "-g", "--", Threads(dir), "60000000");

        AssertSameAsPerfScript(data, dir, ";spin_gamma ");
    }

    [Fact]
    public void A_cpp_recording_shows_names_demangled_as_perf_shows_them()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-cpp");
        string binary = Path.Combine(dir, "cppnames");
        var gxx = RealPerf.Run("g++", ["-O1", "-g", "-fno-omit-frame-pointer", "-o", binary, RepoPaths.TestData("programs", "cppnames.cpp")], dir);
        if (gxx.ExitCode != 0)
            Assert.Skip($"g++ cannot build cppnames.cpp here: {gxx.Stderr.Trim()}");
        string data = Record(dir, "-g", "--", binary, "300000");

        AssertSameAsPerfScript(data, dir, ";work::spin<double>;work::Accumulator<double>::add ");
    }

    [Fact]
    public void Standard_library_abbreviations_show_in_the_short_form_perf_prints()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-stdnames");
        string binary = Gcc(dir, "stdnames");
        string data = Record(dir, "-g", "--", binary);

        AssertSameAsPerfScript(data, dir, ";std::ostream::flush ");
        string folded = ToolProcess.Run("fg-collapse-perf", [data]).StdoutText;
        Assert.Contains(";std::string::size ", folded);
        Assert.Contains(";std::vector<std::string, std::allocator<std::string> >::push_back ", folded);
        // before its own constructor or destructor the class keeps its full name
        Assert.Contains(";std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string ", folded);
        Assert.Contains(";std::basic_iostream<char, std::char_traits<char> >::~basic_iostream ", folded);
    }

    [Fact]
    public void Verbose_says_how_many_samples_were_read_and_where_the_time_went()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-verbose");
        string data = Record(dir, "-g", "--", Threads(dir), "60000000");
        // perf script prints each sample's event line unindented, its frames indented
        int samples = System.Text.Encoding.UTF8.GetString(PerfScript(data, dir)).Split('\n').Count(line => line.Length > 0 && line[0] != '\t');

        var run = ToolProcess.Run("fg-collapse-perf", ["-q", "-v", data]);

        Assert.Equal(0, run.ExitCode);
        var match = System.Text.RegularExpressions.Regex.Match(run.Stderr,
            @"^fg-collapse-perf: '[^']*perf\.data': (\d+) samples in \d+ ms: reading records \d+ ms, symbol tables \d+ ms \(and \d+ ms read ahead on a second thread\), resolving and folding \d+ ms$",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(match.Success, run.Stderr);
        Assert.Equal(samples, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(ToolProcess.Run("fg-collapse-perf", ["-q", data]).Stderr);
    }

    [Fact]
    public void A_system_wide_recording_with_kernel_frames_folds_as_perf_script_prints_it()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-system-wide");
        string binary = Gcc(dir, "kernelheavy");
        // every process on every cpu while the program runs: kernel threads, idle, other dsos
        var record = RealPerf.Run("perf", ["record", "-a", "-g", "-o", "perf.data", "--", binary, "1000000"], dir);
        if (record.ExitCode != 0)
            Assert.Skip($"perf cannot record system-wide here: {record.Stderr.Trim()}");
        string data = Path.Combine(dir, "perf.data");

        byte[] text = PerfScript(data, dir);
        foreach (var options in OptionSets.Append(["--kernel"]))
        {
            var viaText = FoldedLines(ToolProcess.Run("fg-collapse-perf", ["-q", .. options], text).StdoutText);
            var direct = FoldedLines(ToolProcess.Run("fg-collapse-perf", ["-q", .. options, data]).StdoutText);
            AssertSameButPltEntryStarts(viaText, direct);
        }
        string folded = ToolProcess.Run("fg-collapse-perf", ["--kernel", data]).StdoutText;
        Assert.Contains(";write_bytes", folded);
        Assert.Contains("_[k]", folded);
    }

    static Dictionary<string, ulong> FoldedLines(string folded) =>
        folded.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(line => line[..line.LastIndexOf(' ')], line => ulong.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The same stacks, but for one known difference, where we are right: a sample on the first
    /// byte of a PLT entry (e.g. write@plt at .plt+0x10) that perf 6.1 names after `_init`. perf
    /// extends the zero-size `_init` over the whole .plt before it adds the `name@plt` symbols,
    /// and its symbol tree then finds either of the two overlapping symbols depending on the
    /// tree's shape (`objdump -d -j .plt` shows the address is write@plt's `jmp`). Such stacks
    /// must differ in that one frame only and weigh under 1% of the total.
    /// </summary>
    static void AssertSameButPltEntryStarts(Dictionary<string, ulong> perf, Dictionary<string, ulong> ours)
    {
        static string Normal(string stack) => string.Join(';', stack.Split(';').Select(f => f.EndsWith("@plt", StringComparison.Ordinal) || f == "_init" ? "<plt>" : f));
        static Dictionary<string, ulong> Normalized(Dictionary<string, ulong> stacks) =>
            stacks.GroupBy(s => Normal(s.Key)).ToDictionary(g => g.Key, g => g.Aggregate(0UL, (sum, s) => sum + s.Value));
        Assert.Equal(Normalized(perf).OrderBy(s => s.Key, StringComparer.Ordinal), Normalized(ours).OrderBy(s => s.Key, StringComparer.Ordinal));
        ulong differing = perf.Where(p => !ours.TryGetValue(p.Key, out ulong n) || n != p.Value).Aggregate(0UL, (sum, p) => sum + p.Value);
        ulong total = perf.Values.Aggregate(0UL, (sum, n) => sum + n);
        Assert.True(differing * 100 < total, $"{differing} of {total} differ");
    }

    [Fact]
    public void A_rust_release_binary_folds_as_perf_script_prints_it()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("perfdata-rust");
        string binary = Path.Combine(dir, "rusthot");
        (int ExitCode, string Stdout, string Stderr) rustc;
        try
        {
            rustc = RealPerf.Run("rustc", ["-C", "opt-level=2", "-C", "force-frame-pointers=yes", "-g", "-o", binary, RepoPaths.TestData("programs", "rusthot.rs")], dir, 300);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Skip($"rustc is not runnable here ({e.Message}): Rust recordings NOT checked");
            return;
        }
        Assert.True(rustc.ExitCode == 0, rustc.Stderr);
        string data = Record(dir, "-g", "--", binary, "100000000");

        // Rust names demangled as perf shows them (legacy mangling, hash dropped)
        AssertSameAsPerfScript(data, dir, ";rusthot::main;rusthot::spin");
    }
}
