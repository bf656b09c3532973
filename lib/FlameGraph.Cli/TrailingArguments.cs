namespace FlameGraph.Cli;

/// <summary>
/// The tools that run a program take it, or its arguments, after the first `--`: everything
/// there is the program's and never parsed as our options.
/// </summary>
public static class TrailingArguments
{
    public static (string[] Ours, string[] Trailing) Split(string[] args)
    {
        int dashes = Array.IndexOf(args, "--");
        return dashes < 0 ? (args, []) : (args[..dashes], args[(dashes + 1)..]);
    }
}
