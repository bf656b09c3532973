using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Wrapper;

/// <summary>
/// The real-perf setup of the wrapper tests: whether perf can record here (as the fg-record tests
/// probe it) and demo/workload.c compiled once: `workload [SECONDS] [EXIT_STATUS] [THREADS]`,
/// with hot_fifty / hot_thirty / hot_twenty taking 50% / 30% / 20% of its time.
/// </summary>
public sealed class DemoWorkload : IDisposable
{
    readonly RealPerf _perf = new();

    public DemoWorkload()
    {
        if (_perf.SkipReason is not null)
            return;
        var gcc = RealPerf.Run("gcc", ["-O1", "-g", "-fno-omit-frame-pointer", "-pthread",
            "-o", Program, Path.Combine(RepoPaths.Root, "demo", "workload.c")], _perf.Root);
        if (gcc.ExitCode != 0)
            CompileError = $"cannot compile demo/workload.c: {gcc.Stderr.Trim()}";
    }

    string? CompileError { get; }

    public string Program => Path.Combine(_perf.Root, "workload");

    /// <summary>Skips the calling test, visibly, when perf or gcc cannot be used here.</summary>
    public void Require()
    {
        if ((_perf.SkipReason ?? CompileError) is { } reason)
            Assert.Skip(reason.Replace("fg-record NOT checked", "flamegraph NOT checked"));
    }

    public string NewWorkDirectory(string name) => _perf.NewWorkDirectory(name);

    public void Dispose() => _perf.Dispose();
}
