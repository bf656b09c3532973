using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.DotnetFlamegraph;

/// <summary>
/// The real-perf setup of the dotnet-flamegraph tests: whether perf can record here (probed as the
/// fg-record tests do) and fresh copies of tests/data/dotnet-fixture outside the repository, so
/// the repository's own build settings never reach the fixture's build.
/// </summary>
public sealed class DotnetFixture : IDisposable
{
    readonly RealPerf _perf = new();

    /// <summary>The fixture's hot method as the perf map names it (the frame also carries its return type and module).</summary>
    public const string HotMethod = "HotLoop.Program::SpinHotLoop";

    /// <summary>Skips the calling test, visibly, when perf cannot record here.</summary>
    public void Require()
    {
        if (_perf.SkipReason is { } reason)
            Assert.Skip(reason.Replace("fg-record NOT checked", "dotnet-flamegraph NOT checked"));
    }

    /// <summary>A new copy of the fixture's sources (no bin/ or obj/) in a folder of its own.</summary>
    public string NewProjectCopy(string name)
    {
        string dir = _perf.NewWorkDirectory(name);
        foreach (string file in Directory.GetFiles(RepoPaths.TestData("dotnet-fixture")))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }

    public string NewWorkDirectory(string name) => _perf.NewWorkDirectory(name);

    /// <summary>The total count of the stacks whose frames include <paramref name="method"/>.</summary>
    public static long CountWith(string foldedPath, string method) =>
        Read(foldedPath).Where(s => s.Frames.Any(f => f.Contains(method, StringComparison.Ordinal))).Sum(s => s.Count);

    public static long Total(string foldedPath) => Read(foldedPath).Sum(s => s.Count);

    /// <summary>The fixture spends its time in <see cref="HotMethod"/>: it must be named in more than half of the samples.</summary>
    public static void AssertHotMethodDominates(string foldedPath)
    {
        long hot = CountWith(foldedPath, HotMethod);
        long total = Total(foldedPath);
        Assert.True(hot * 2 > total, $"{HotMethod} has {hot} of {total}");
    }

    static IEnumerable<(string[] Frames, long Count)> Read(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(line =>
        {
            int space = line.LastIndexOf(' ');
            return (line[..space].Split(';'), long.Parse(line[(space + 1)..]));
        });

    public void Dispose() => _perf.Dispose();
}
