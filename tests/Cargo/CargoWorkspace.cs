using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Cargo;

/// <summary>
/// tests/data/cargo-fixture copied into a temporary directory, with one cargo target directory
/// for the whole test class so each profile is compiled once. Records whether cargo and perf work here.
/// </summary>
public sealed class CargoWorkspace : IDisposable
{
    readonly RealPerf _perf = new();

    public CargoWorkspace()
    {
        Root = Path.Combine(_perf.Root, "cargo");
        Crate = Copy("crate");
        try
        {
            var cargo = RealPerf.Run("cargo", ["--version"], Root, 60);
            if (cargo.ExitCode != 0)
                CargoSkipReason = $"cargo is not runnable here: {cargo.Stderr.Trim()}: cargo-flamegraph NOT checked";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            CargoSkipReason = $"cargo is not runnable here ({e.Message}): cargo-flamegraph NOT checked";
        }
    }

    /// <summary>Holds the crate copies and the shared target directory.</summary>
    public string Root { get; }

    /// <summary>The workspace root of the intact copy.</summary>
    public string Crate { get; }

    public string TargetDirectory => Path.Combine(Root, "target");

    string? CargoSkipReason { get; }

    /// <summary>Skips the calling test, visibly, without cargo.</summary>
    public void RequireCargo()
    {
        if (CargoSkipReason is not null)
            Assert.Skip(CargoSkipReason);
    }

    /// <summary>Skips the calling test, visibly, without cargo or a perf that can record.</summary>
    public void RequireCargoAndPerf()
    {
        RequireCargo();
        if (_perf.SkipReason is { } reason)
            Assert.Skip(reason.Replace("fg-record NOT checked", "cargo-flamegraph NOT checked"));
    }

    /// <summary>A fresh copy of the fixture under <see cref="Root"/>.</summary>
    public string Copy(string name)
    {
        string destination = Path.Combine(Root, name);
        CopyDirectory(RepoPaths.TestData("cargo-fixture"), destination);
        return destination;
    }

    /// <summary>Runs cargo-flamegraph as cargo does (first argument `flamegraph`), in <paramref name="directory"/>.</summary>
    public ToolResult Run(string directory, params string[] args) =>
        ToolProcess.Run("cargo-flamegraph", ["flamegraph", .. args], workingDirectory: directory,
            environment: new Dictionary<string, string> { ["CARGO_TARGET_DIR"] = TargetDirectory, ["CARGO_TERM_COLOR"] = "never" },
            timeoutSeconds: 240);

    static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        foreach (string dir in Directory.GetDirectories(source))
            if (Path.GetFileName(dir) != "target")
                CopyDirectory(dir, Path.Combine(destination, Path.GetFileName(dir)));
    }

    public void Dispose() => _perf.Dispose();
}
