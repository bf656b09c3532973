using System.CommandLine;
using System.CommandLine.Parsing;
using FlameGraph.Cli;
using FlameGraph.Svg;

namespace FlameGraph.Tools.CargoFlamegraph;

/// <summary>
/// cargo-flamegraph: `cargo flamegraph [OPTIONS] [-- ARGS]` builds a target of the Rust crate
/// (release profile by default) and profiles its executable with the flamegraph pipeline.
/// cargo runs it as `cargo-flamegraph flamegraph ARGS...`.
/// </summary>
public static class Program
{
    static readonly string[] UnitKinds = ["bin", "lib"];

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "flamegraph")
            args = args[1..];
        var (ours, trailing) = TrailingArguments.Split(args);

        var dev = new Option<bool>("--dev") { Description = "Build with the dev profile (no --release); no debuginfo warning" };
        var profile = new Option<string?>("--profile") { Description = "Build with this cargo profile instead of release", HelpName = "NAME" };
        var package = new Option<string?>("--package", "-p") { Description = "Package to build and search for a target", HelpName = "NAME" };
        var bin = new Option<string?>("--bin", "-b") { Description = "Binary to profile", HelpName = "NAME" };
        var example = new Option<string?>("--example") { Description = "Example to profile", HelpName = "NAME" };
        var test = new Option<string?>("--test") { Description = "Integration test to profile (test filters go after --)", HelpName = "NAME" };
        var unitTest = new Option<string?>("--unit-test") { Description = "Unit tests of a lib or bin target to profile (bare: the crate's only one)", HelpName = "NAME", Arity = ArgumentArity.ZeroOrOne };
        var unitBench = new Option<string?>("--unit-bench") { Description = "Benchmarks inside a lib or bin target to profile; --bench is passed to them", HelpName = "NAME", Arity = ArgumentArity.ZeroOrOne };
        var unitKind = new Option<string?>("--unit-test-kind") { Description = "With --unit-test/--unit-bench: only the bin or only the lib target", HelpName = "bin|lib" };
        var bench = new Option<string?>("--bench") { Description = "Benchmark to profile (cargo bench --no-run; bench profile)", HelpName = "NAME" };
        var triple = new Option<string?>("--target") { Description = "Build for this target triple", HelpName = "TRIPLE" };
        var manifestPath = new Option<string?>("--manifest-path") { Description = "Path to Cargo.toml", HelpName = "PATH" };
        var features = new Option<string?>("--features", "-f") { Description = "Features to activate", HelpName = "FEATURES" };
        var noDefaultFeatures = new Option<bool>("--no-default-features") { Description = "Do not activate the default feature" };
        var release = new Option<bool>("--release", "-r") { Description = "No effect: release is the default (accepted as cargo run -r is)" };
        var completions = new Option<string?>("--completions") { Description = "Print a completion script for SHELL (" + string.Join(", ", CompletionScripts.Shells) + ") and exit", HelpName = "SHELL" };
        var shared = new WrapperCommandLine();

        var command = new RootCommand("Build a Rust target with cargo and profile it into an interactive SVG flame graph.\n"
            + "ARGS go to the profiled program. Run directly, it is `cargo-flamegraph [options] [-- ARGS...]`.\n"
            + "Environment: CARGO (cargo program), PERF (perf program).\n"
            + "Example: cargo flamegraph --bin server -o server.svg -- --port 8080")
        {
            dev, profile, package, bin, example, test, unitTest, unitBench, unitKind, bench, triple,
            manifestPath, features, noDefaultFeatures, release, completions,
        };
        foreach (var option in shared.Recording)
            command.Options.Add(option);
        HelpUsage.Replace(command, "cargo flamegraph [options] [-- ARGS...]");
        command.SetAction(parsed =>
        {
            var given = parsed.CommandResult.Children.OfType<OptionResult>().Where(r => !r.Implicit).Select(r => r.Option).ToList();
            if (parsed.GetValue(completions) is { } shell)
            {
                if (given.Count > 1 || trailing.Length > 0)
                    throw new OptionsException("--completions cannot be used with other arguments");
                var completed = CompletedOption.From(command,
                    new Dictionary<Option, string[]> { [completions] = CompletionScripts.Shells, [shared.ColourPalette] = Palette.Names, [unitKind] = UnitKinds },
                    new HashSet<Option>(shared.Paths.Append(manifestPath)),
                    CargoCompletion.NameKinds(package, bin, example, test, bench));
                Console.Out.Write(CompletionScripts.For(shell, CargoCompletion.For(completed)));
                return 0;
            }

            Option[] selectors = [bin, example, test, unitTest, unitBench, bench, triple];
            var chosen = selectors.Where(given.Contains).ToList();
            if (chosen.Count > 1)
                throw new OptionsException($"{chosen[0].Name} cannot be used with {chosen[1].Name}");
            if (parsed.GetValue(unitKind) is { } kind && !UnitKinds.Contains(kind))
                throw new OptionsException($"--unit-test-kind must be bin or lib, not '{kind}'");

            (TargetSelector selector, string? name) = chosen.FirstOrDefault() switch
            {
                var o when o == bin => (TargetSelector.Bin, parsed.GetValue(bin)),
                var o when o == example => (TargetSelector.Example, parsed.GetValue(example)),
                var o when o == test => (TargetSelector.Test, parsed.GetValue(test)),
                var o when o == bench => (TargetSelector.Bench, parsed.GetValue(bench)),
                var o when o == unitTest => (TargetSelector.UnitTest, parsed.GetValue(unitTest)),
                var o when o == unitBench => (TargetSelector.UnitBench, parsed.GetValue(unitBench)),
                _ => (TargetSelector.None, null),
            };
            var cargo = new CargoOptions
            {
                Dev = parsed.GetValue(dev),
                Profile = parsed.GetValue(profile),
                Package = parsed.GetValue(package),
                Selector = selector,
                TargetName = name,
                UnitKind = parsed.GetValue(unitKind),
                Triple = parsed.GetValue(triple),
                ManifestPath = parsed.GetValue(manifestPath),
                Features = parsed.GetValue(features),
                NoDefaultFeatures = parsed.GetValue(noDefaultFeatures),
                Verbose = parsed.GetValue(shared.Verbose),
                TrailingArguments = trailing,
            };
            var graph = shared.Read(parsed, []);
            graph.ValidateSettings();
            return new CargoFlamegraph(cargo, graph).Run();
        });
        return CommandLineApp.Run("cargo-flamegraph", command, ours, "put the program's arguments after '--': cargo flamegraph [options] -- ARGS...");
    }
}
