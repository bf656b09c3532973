using System.Text.Json;
using FlameGraph.Internals;

namespace FlameGraph.Tools.CargoFlamegraph;

/// <summary>
/// Builds the selected target with cargo and picks the executable to profile from cargo's
/// compiler-artifact messages. cargo's own diagnostics go straight to our stderr.
/// </summary>
public sealed class CargoBuild(CargoOptions options)
{
    /// <summary>cargo itself; cargo sets $CARGO for the subcommands it runs.</summary>
    public static string CargoProgram => Environment.GetEnvironmentVariable("CARGO") is { Length: > 0 } cargo ? cargo : "cargo";

    public IReadOnlyList<string> Arguments()
    {
        bool benchBuild = options.Selector is TargetSelector.Bench or TargetSelector.UnitBench;
        var args = new List<string>();
        if (benchBuild && !options.Dev)
            args.AddRange(["bench", "--no-run"]);
        else if (options.Selector == TargetSelector.UnitTest)
            args.AddRange(["test", "--no-run"]);
        else
            args.Add("build");

        if (options.Profile is { } profile)
            args.AddRange(["--profile", profile]);
        else if (!options.Dev && !benchBuild)
            args.Add("--release");

        if (options.Package is { } package)
            args.AddRange(["--package", package]);
        string? name = options.TargetName;
        switch (options.Selector)
        {
            case TargetSelector.Bin: args.AddRange(["--bin", name!]); break;
            case TargetSelector.Example: args.AddRange(["--example", name!]); break;
            case TargetSelector.Test: args.AddRange(["--test", name!]); break;
            case TargetSelector.Bench: args.AddRange(["--bench", name!]); break;
        }
        if (options.Triple is { } triple)
            args.AddRange(["--target", triple]);
        if (options.Selector is TargetSelector.UnitTest or TargetSelector.UnitBench)
        {
            if (options.UnitKind == "bin")
                args.AddRange(["--bin", name!]);
            else
                args.Add("--lib");
        }
        if (options.ManifestPath is { } manifest)
            args.AddRange(["--manifest-path", manifest]);
        if (options.Features is { } features)
            args.AddRange(["--features", features]);
        if (options.NoDefaultFeatures)
            args.Add("--no-default-features");
        args.Add("--message-format=json-render-diagnostics");
        return args;
    }

    /// <summary>Runs the build; every compiler artifact it reports, in order.</summary>
    public List<CargoMessage> Run()
    {
        var arguments = Arguments();
        if (options.Verbose)
            Console.Error.Write($"build command: {CargoProgram} {string.Join(' ', arguments)}\n");
        var artifacts = new List<CargoMessage>();
        using var cargo = ChildProcess.Start(CargoProgram, arguments, new ChildProcessOptions { Output = ChildOutput.Stream, NoInput = true });
        var stdout = new MemoryStream();
        cargo.CopyOutputTo(stdout);
        var status = cargo.WaitForExit();
        ReadOnlySpan<byte> rest = stdout.ToArray();
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)'\n');
            var text = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (text.IsEmpty || text[0] != (byte)'{')
                continue;
            CargoMessage? message;
            try
            {
                message = JsonSerializer.Deserialize(text, CargoJsonContext.Default.CargoMessage);
            }
            catch (JsonException)
            {
                continue; // not one of cargo's messages (a build script may print anything)
            }
            if (message is { Reason: "compiler-artifact", Target: not null })
                artifacts.Add(message);
        }
        if (!status.Success)
            throw new StageException("cargo build failed");
        return artifacts;
    }

    /// <summary>The executable of the selected target, with the debuginfo warning when it has none.</summary>
    public string PickExecutable(IReadOnlyList<CargoMessage> artifacts)
    {
        if (!artifacts.Any(a => a.Executable is not null))
            throw new StageException("build artifacts do not contain any executable to profile");
        string[] kinds = options.Selector switch
        {
            TargetSelector.Bin => ["bin"],
            TargetSelector.Example => ["example"],
            TargetSelector.Test => ["test"],
            TargetSelector.Bench => ["bench"],
            _ => options.UnitKind switch { "bin" => ["bin"], "lib" => ["lib", "rlib"], _ => ["lib", "rlib", "bin"] },
        };
        string name = options.TargetName!;
        var chosen = artifacts.FirstOrDefault(a => a.Executable is not null && a.Target!.Name == name && a.Target.Kind.Any(kinds.Contains))
            ?? throw new StageException($"could not find desired target ({Quoted(kinds)}, \"{name}\") in the targets for this crate: "
                + $"[{string.Join(", ", artifacts.Select(a => $"({Quoted(a.Target!.Kind)}, \"{a.Target.Name}\")"))}]");

        if (!options.Dev && chosen.Profile is { HasNoDebuginfo: true })
            WarnNoDebuginfo();
        return chosen.Executable!;
    }

    static string Quoted(IEnumerable<string> kinds) => "[" + string.Join(", ", kinds.Select(k => $"\"{k}\"")) + "]";

    void WarnNoDebuginfo()
    {
        string profile = options.Selector is TargetSelector.Bin or TargetSelector.Example or TargetSelector.UnitTest ? "release" : "bench";
        Console.Error.Write($"\nWARNING: profiling without debuginfo. Enable symbol information by adding the following lines to Cargo.toml:\n\n"
            + $"[profile.{profile}]\ndebug = true\n\nOr set this environment variable:\n\nCARGO_PROFILE_{profile.ToUpperInvariant()}_DEBUG=true\n");
    }
}
