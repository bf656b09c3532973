namespace FlameGraph.Tools.DotnetFlamegraph;

/// <summary>Which project `dotnet-flamegraph` builds, and how.</summary>
public readonly record struct DotnetBuildOptions
{
    public const string DefaultConfiguration = "Release";

    public DotnetBuildOptions() { }

    /// <summary>A project file or a folder holding one. Default: null (the current folder).</summary>
    public string? Project { get; init; }

    /// <summary>The build configuration (dotnet's -c). Default: Release.</summary>
    public string Configuration { get; init; } = DefaultConfiguration;

    /// <summary>The target framework (dotnet's -f); needed for a project with several. Default: null.</summary>
    public string? Framework { get; init; }

    /// <summary>The dotnet program. Default: "dotnet", found in PATH (the DOTNET_HOST_PATH of a dotnet tool is not needed).</summary>
    public string Dotnet { get; init; } = "dotnet";
}
