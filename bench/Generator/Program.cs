using System.Diagnostics;

namespace FlameGraph.Bench;

/// <summary>
/// fg-bench-gen: deterministic inputs for `make bench`.
///   fg-bench-gen perf   [--mb 220] [--stacks 60000]  [--seed 1] [-o FILE]   perf script text
///   fg-bench-gen folded [--mb 190] [--stacks 394000] [--seed 2] [--side single|before|after] [-o FILE]
///   fg-bench-gen dtrace [--mb 100] [--seed 3] [-o FILE]                      DTrace aggregation text
/// Without -o the data goes to stdout (a pipe into the tool under test). With -o it is written
/// to FILE.tmp and renamed, so an interrupted run never leaves a short file behind.
/// Sizes are in MB of 1,000,000 bytes. A summary goes to stderr.
/// </summary>
public static class Program
{
    const long MB = 1_000_000;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.Error.WriteLine("usage: fg-bench-gen perf|folded|dtrace [--mb N] [--stacks N] [--seed N] [--side single|before|after] [-o FILE]");
            return args.Length == 0 ? 2 : 0;
        }
        string kind = args[0];
        var options = new Dictionary<string, string>();
        for (int i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !args[i].StartsWith('-'))
            {
                Console.Error.WriteLine($"fg-bench-gen: bad argument '{args[i]}'");
                return 2;
            }
            options[args[i].TrimStart('-')] = args[++i];
        }
        double mb = double.Parse(options.GetValueOrDefault("mb", kind switch { "perf" => "220", "folded" => "190", _ => "100" }), System.Globalization.CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(options.GetValueOrDefault("seed", kind switch { "perf" => "1", "folded" => "2", _ => "3" }));
        string? path = options.GetValueOrDefault("o");
        long target = (long)(mb * MB);

        var clock = Stopwatch.StartNew();
        var rng = new Rng(seed);
        var system = new SystemModel(new Rng(seed * 7919 + 17));
        string summary;
        using (var output = new TextOutput(path is null ? Console.OpenStandardOutput() : File.Create(path + ".tmp")))
        {
            switch (kind)
            {
                case "perf":
                {
                    var writer = new PerfScriptWriter(system, int.Parse(options.GetValueOrDefault("stacks", "60000")), rng);
                    writer.Write(output, target, rng);
                    summary = $"{writer.Samples} samples, {writer.DistinctStacksUsed} distinct stacks used";
                    break;
                }
                case "folded":
                {
                    var side = Enum.Parse<DiffSide>(options.GetValueOrDefault("side", "single"), ignoreCase: true);
                    var writer = new FoldedWriter(system);
                    writer.Write(output, target, int.Parse(options.GetValueOrDefault("stacks", "394000")), rng, side);
                    summary = $"{writer.Lines} distinct stacks, {(double)writer.Frames / Math.Max(1, writer.Lines):F1} frames per stack on average";
                    break;
                }
                case "dtrace":
                {
                    var writer = new DtraceWriter(system);
                    writer.Write(output, target, rng);
                    summary = $"{writer.Blocks} distinct stacks";
                    break;
                }
                default:
                    Console.Error.WriteLine($"fg-bench-gen: unknown kind '{kind}' (perf, folded, dtrace)");
                    return 2;
            }
            summary = $"{kind}: {output.BytesWritten / (double)MB:F1} MB, {summary}, {clock.Elapsed.TotalSeconds:F1} s";
        }
        if (path is not null)
            File.Move(path + ".tmp", path, overwrite: true);
        Console.Error.WriteLine($"fg-bench-gen: {summary}");
        return 0;
    }
}
