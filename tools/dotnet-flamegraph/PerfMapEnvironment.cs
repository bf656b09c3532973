namespace FlameGraph.Tools.DotnetFlamegraph;

/// <summary>
/// The runtime settings that let perf name JIT-compiled methods. They are set in our own
/// environment only after the build, so dotnet's build servers never write perf maps; perf and the
/// profiled program inherit them.
/// </summary>
public static class PerfMapEnvironment
{
    /// <summary>
    /// PerfMapEnabled writes /tmp/perf-PID.map, which perf script reads by itself. With
    /// write-xor-execute on, JIT code runs from a second mapping of the same memory that the map
    /// does not describe, and every managed frame would stay [unknown].
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Settings =
    [
        new("DOTNET_PerfMapEnabled", "1"),
        new("DOTNET_EnableWriteXorExecute", "0"),
    ];

    public static void Apply()
    {
        foreach (var (name, value) in Settings)
            Environment.SetEnvironmentVariable(name, value);
    }
}
