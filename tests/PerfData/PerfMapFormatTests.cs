namespace FlameGraph.Tests.PerfData;

/// <summary>
/// /tmp/perf-PID.map as .NET writes it: `0x`-prefixed start addresses, which perf reads with
/// strtoull (base 16) like bare digits.
/// </summary>
public sealed class PerfMapFormatTests : IDisposable
{
    /// <summary>A pid of its own, so the map does not meet the other tests' map of PerfDataFold.Pid.</summary>
    const int Pid = PerfDataFold.Pid + 7;
    const ulong Start = PerfDataFold.MapStart;

    readonly PerfDataFold _fold = new();
    readonly string _map = $"/tmp/perf-{Pid}.map";

    public void Dispose()
    {
        File.Delete(_map);
        _fold.Dispose();
    }

    [Fact]
    public void Addresses_written_with_0x_name_their_frames()
    {
        File.WriteAllText(_map, $"0x{Start + 0x1000:x} 100 int64 [App] App.Program::Spin(int32)[Optimized]\n0X{Start + 0x2000:x} 0x100 void [App] App.Program::Main()\n");
        var b = new PerfDataBuilder();
        b.Comm(Pid, Pid, "app", 1_000_000);
        b.Mmap(Pid, Pid, Start, 0x10000, 0, "//anon", 1_000_100);
        b.Sample(Pid, Pid, 2_000_000, 250000, [PerfDataBuilder.ContextUser, Start + 0x1010, Start + 0x2020]);

        var folded = _fold.Fold(b.FileMode());

        Assert.Empty(folded.Failures);
        Assert.Equal("app;void [App] App.Program::Main;int64 [App] App.Program::Spin 250000\n", folded.Folded);
    }
}
