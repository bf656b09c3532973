using FlameGraph.Internals;

namespace FlameGraph.Record;

/// <summary>A program and its arguments, ready to start.</summary>
public sealed record ProcessCommand(string Program, IReadOnlyList<string> Arguments)
{
    public IEnumerable<string> All => Arguments.Prepend(Program);

    public override string ToString() => ShellWords.Join(All);

    /// <summary>The same command run through sudo, with its flags before the program.</summary>
    public ProcessCommand UnderSudo(string? sudoFlags) =>
        new("sudo", [.. SplitWhitespace(sudoFlags), Program, .. Arguments]);

    public static string[] SplitWhitespace(string? text) =>
        text is null ? [] : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// The perf command lines flamegraph-rs runs on Linux:
/// `perf record -F 997 --call-graph dwarf,64000 -g [-z=N] -o perf.data (CMD... | -p PIDS)` and
/// `perf script --force [--no-inline] -i perf.data`.
/// </summary>
public static class PerfCommands
{
    /// <summary>The record command, and the file it writes.</summary>
    /// <param name="control">Extra arguments that go before the workload (perf's `--control`).</param>
    public static (ProcessCommand Record, string DataPath) Record(string perf, RecordOptions options, IReadOnlyList<string>? control = null)
    {
        var args = new List<string>();
        string dataPath;
        if (options.CustomCommand is { } custom)
        {
            // Taken as flamegraph-rs takes it: whitespace-split, no quoting; an `-o X` pair names the data file.
            string[] tokens = ProcessCommand.SplitWhitespace(custom);
            args.AddRange(tokens);
            int o = Array.IndexOf(tokens, "-o");
            if (o >= 0 && o + 1 < tokens.Length)
            {
                dataPath = tokens[o + 1];
            }
            else
            {
                dataPath = RecordOptions.DefaultPerfData;
                args.AddRange(["-o", dataPath]);
            }
        }
        else
        {
            dataPath = RecordOptions.DefaultPerfData;
            args.AddRange(["record", "-F", options.FrequencyOrDefault.ToString(), "--call-graph", options.CallGraphOrDefault, "-g"]);
            if (options.CompressionLevel is { } level)
                args.Add($"-z={level}");
            args.AddRange(["-o", dataPath]);
        }

        if (control is not null)
            args.AddRange(control);
        if (options.PidsOrEmpty.Count > 0)
            args.AddRange(["-p", string.Join(',', options.PidsOrEmpty)]);
        else
            args.AddRange(options.CommandOrEmpty);

        var record = new ProcessCommand(perf, args);
        return (options.Root ? record.UnderSudo(options.SudoFlags) : record, dataPath);
    }

    public static ProcessCommand Script(string perf, string dataPath, RecordOptions options)
    {
        var args = new List<string> { "script", "--force" };
        if (options.NoInline)
            args.Add("--no-inline");
        if (options.ScriptShowsPid)
            args.AddRange(["-F", "+pid"]);
        args.AddRange(["-i", dataPath]);
        var script = new ProcessCommand(perf, args);
        return options.Root ? script.UnderSudo(options.SudoFlags) : script;
    }
}
