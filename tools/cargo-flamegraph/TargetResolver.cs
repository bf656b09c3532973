using System.Text;
using System.Text.Json;
using FlameGraph.Internals;

namespace FlameGraph.Tools.CargoFlamegraph;

/// <summary>A target found in the crate's metadata: the kind it was chosen as, and every kind cargo lists for it.</summary>
public readonly record struct ResolvedTarget(string Package, string Target, string Kind, IReadOnlyList<string> Kinds);

/// <summary>
/// Finds the one target to profile when none (or a bare --unit-test/--unit-bench) is named:
/// reads `cargo metadata`, keeps the packages of -p or those under the crate root, honours
/// default-run, and insists on exactly one candidate.
/// </summary>
public sealed class TargetResolver(CargoOptions options)
{
    public ResolvedTarget FindUnique(IReadOnlyList<string> kinds, string? name)
    {
        string crateRoot = CrateRoot();
        var metadata = ReadMetadata();
        var packages = metadata.Packages.Where(p => options.Package is { } wanted
            ? p.Name == wanted
            : IsUnder(p.ManifestPath, crateRoot)).ToList();
        if (packages.Count == 0)
            throw new StageException(options.Package is { } missing
                ? $"workspace has no package named {missing}"
                : $"failed to find any package in '{crateRoot}' or below");

        var candidates = new List<ResolvedTarget>();
        foreach (var package in packages)
            foreach (var target in package.Targets)
            {
                string? kind = target.Kind.FirstOrDefault(kinds.Contains);
                if (kind is null || (name is not null && target.Name != name))
                    continue;
                // A package's default-run is the bin `cargo run` picks: it stands for the package.
                if (package.DefaultRun is { } defaultRun && kind == "bin" && target.Name != defaultRun)
                    continue;
                candidates.Add(new ResolvedTarget(package.Name, target.Name, kind, target.Kind));
            }

        if (candidates.Count == 1)
        {
            var only = candidates[0];
            bool singleDefaultRun = packages.Count == 1 && packages[0].DefaultRun is not null;
            if (!singleDefaultRun)
                Console.Error.Write($"automatically selected target {only.Target} in package {only.Package} as it is the only valid target\n");
            return only;
        }
        if (candidates.Count == 0)
            throw new StageException("crate has no automatically selectable target:\nHint: try passing `--example <example>` or similar to choose a binary");
        throw new StageException($"several possible targets found: {DebugList(candidates)}, please pass an explicit target.");
    }

    /// <summary>The directory of --manifest-path, or the nearest ancestor of the current directory with a Cargo.toml.</summary>
    string CrateRoot()
    {
        if (options.ManifestPath is { } manifest)
        {
            string full = Path.GetFullPath(manifest);
            if (!File.Exists(full))
                throw new StageException($"manifest path `{manifest}` does not exist");
            return Path.GetDirectoryName(ResolveLinks(full))!;
        }
        string cwd = Directory.GetCurrentDirectory();
        for (string? dir = cwd; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Cargo.toml")))
                return ResolveLinks(dir);
        throw new StageException($"could not find 'Cargo.toml' in '{cwd}' or any parent directory");
    }

    static string ResolveLinks(string path)
    {
        var info = new FileInfo(path);
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }

    static bool IsUnder(string manifestPath, string root)
    {
        string dir = Path.GetDirectoryName(manifestPath) ?? "";
        return dir == root || dir.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
    }

    CargoMetadata ReadMetadata()
    {
        var arguments = new List<string> { "metadata", "--no-deps", "--format-version", "1" };
        if (options.ManifestPath is { } manifest)
            arguments.AddRange(["--manifest-path", manifest]);
        using var cargo = ChildProcess.Start(CargoBuild.CargoProgram, arguments, new ChildProcessOptions { Output = ChildOutput.Stream, NoInput = true });
        var stdout = new MemoryStream();
        cargo.CopyOutputTo(stdout);
        if (!cargo.WaitForExit().Success)
            throw new StageException("failed to access crate metadata: cargo metadata failed");
        try
        {
            return JsonSerializer.Deserialize(stdout.ToArray(), CargoJsonContext.Default.CargoMetadata)
                ?? throw new StageException("failed to access crate metadata: empty answer from cargo metadata");
        }
        catch (JsonException e)
        {
            throw new StageException($"failed to access crate metadata: {e.Message}");
        }
    }

    /// <summary>The candidates as the Rust tool prints them: the pretty Debug form of its target list.</summary>
    static string DebugList(IEnumerable<ResolvedTarget> targets)
    {
        var s = new StringBuilder("[\n");
        foreach (var t in targets)
        {
            s.Append($"    BinaryTarget {{\n        package: \"{t.Package}\",\n        target: \"{t.Target}\",\n        kind: [\n");
            foreach (string kind in t.Kinds)
                s.Append($"            {KindVariant(kind)},\n");
            s.Append("        ],\n    },\n");
        }
        return s.Append(']').ToString();
    }

    /// <summary>A cargo target kind as the Rust tool's metadata library names it (its enum variant).</summary>
    static string KindVariant(string kind) => kind switch
    {
        "bin" => "Bin",
        "lib" => "Lib",
        "rlib" => "RLib",
        "dylib" => "DyLib",
        "cdylib" => "CDyLib",
        "staticlib" => "StaticLib",
        "proc-macro" => "ProcMacro",
        "example" => "Example",
        "test" => "Test",
        "bench" => "Bench",
        "custom-build" => "CustomBuild",
        _ => $"Unknown(\"{kind}\")",
    };
}
