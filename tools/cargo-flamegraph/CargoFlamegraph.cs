using FlameGraph.Cli;
using FlameGraph.Pipeline;

namespace FlameGraph.Tools.CargoFlamegraph;

/// <summary>One `cargo flamegraph` run: resolve the target, build it, profile its executable.</summary>
public sealed class CargoFlamegraph(CargoOptions options, WrapperOptions graph)
{
    public int Run()
    {
        var cargo = Resolve(options);
        var build = new CargoBuild(cargo);
        string executable = build.PickExecutable(build.Run());
        var workload = cargo.TrailingArguments.Prepend(executable).ToArray();
        if (cargo.Selector == TargetSelector.UnitBench)
            workload = [.. workload, "--bench"];
        return WrapperCommandLine.Run(graph with { Record = graph.Record with { Command = workload } });
    }

    /// <summary>Fills in the target (and its package) where the command line leaves the choice to us.</summary>
    static CargoOptions Resolve(CargoOptions options)
    {
        switch (options.Selector)
        {
            case TargetSelector.None:
                {
                    var found = new TargetResolver(options).FindUnique(["bin"], null);
                    return options with { Selector = TargetSelector.Bin, TargetName = found.Target, Package = found.Package };
                }
            case TargetSelector.UnitTest or TargetSelector.UnitBench:
                {
                    string[] kinds = options.UnitKind switch { "bin" => ["bin"], "lib" => ["lib", "rlib"], _ => ["bin", "lib", "rlib"] };
                    var found = new TargetResolver(options).FindUnique(kinds, options.TargetName);
                    return options with { TargetName = found.Target, Package = found.Package, UnitKind = found.Kind == "bin" ? "bin" : "lib" };
                }
            default:
                return options;
        }
    }
}
