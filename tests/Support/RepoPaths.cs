namespace FlameGraph.Tests.Support;

/// <summary>Where the repository, its built tools and the shared corpus are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The published tools (`make build` puts them here).</summary>
    public static string BinDir => Path.Combine(Root, "bin");

    public static string Tool(string name)
    {
        string path = Path.Combine(BinDir, name);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run 'make build' first");
        return path;
    }

    /// <summary>Test data committed with the project (our own captures).</summary>
    public static string TestData(params string[] parts) =>
        Path.Combine([Root, "tests", "data", .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tools.sln")))
                return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Tools.sln) above " + AppContext.BaseDirectory);
    }
}
