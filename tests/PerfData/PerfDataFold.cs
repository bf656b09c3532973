using FlameGraph.Collapse.Perf;
using FlameGraph.Internals;

namespace FlameGraph.Tests.PerfData;

/// <summary>What folding one perf.data in process gave: the folded text, the failure lines, the warnings.</summary>
sealed record PerfDataFolded(string Folded, List<string> Failures, List<string> Warnings);

/// <summary>
/// Folds hand-made perf.data files in process, the way fg-collapse-perf folds a perf.data
/// argument, and gives the JIT symbols they use: a /tmp/perf-PID.map for a pid no real process has.
/// </summary>
sealed class PerfDataFold : IDisposable
{
    /// <summary>Above any pid_max a test machine uses by default (4194304 is the largest).</summary>
    public const int Pid = 4_190_001;
    public const ulong MapStart = 0x7f0000000000;
    public const ulong Leaf = MapStart + 0x1010, Caller = MapStart + 0x2020, Main = MapStart + 0x3030, Other = MapStart + 0x4040;

    readonly string _dir = Directory.CreateTempSubdirectory("fg-perfdata-tests-").FullName;
    readonly List<string> _maps = [];

    /// <summary>Writes the perf map of <paramref name="pid"/>: leaf, caller, main_loop and other_work at known addresses.</summary>
    public void WritePerfMap(int pid = Pid)
    {
        string path = $"/tmp/perf-{pid}.map";
        File.WriteAllText(path, $"{MapStart + 0x1000:x} 100 hot_leaf\n{MapStart + 0x2000:x} 100 caller\n{MapStart + 0x3000:x} 100 main_loop\n{MapStart + 0x4000:x} 100 other_work\n");
        _maps.Add(path);
    }

    public string Write(byte[] data, string name = "perf.data")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    public PerfDataFolded Fold(byte[] data, PerfCollapseOptions? options = null) => FoldFile(Write(data), options);

    public static PerfDataFolded FoldFile(string path, PerfCollapseOptions? options = null)
    {
        var output = new MemoryStream();
        StageReport report;
        using (var writer = new ByteWriter(output))
            report = new PerfCollapser(options ?? new PerfCollapseOptions { Threads = 1 }).Run([path], writer, p => File.OpenRead(p));
        List<string> failures = report.Failure is { } failure ? [failure] : [];
        return new PerfDataFolded(System.Text.Encoding.UTF8.GetString(output.ToArray()), failures, [.. report.Warnings]);
    }

    public void Dispose()
    {
        foreach (string map in _maps)
            File.Delete(map);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
