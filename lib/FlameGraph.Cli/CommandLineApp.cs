using System.CommandLine;

using FlameGraph.Internals;

namespace FlameGraph.Cli;

/// <summary>
/// Parses a tool's command line (after <see cref="PerlOptionSpelling"/>) and runs its action
/// inside <see cref="ToolRunner"/>. Usage errors print one line and exit 2; --help and
/// --version are answered by System.CommandLine.
/// </summary>
public static class CommandLineApp
{
    /// <param name="strayArgumentAdvice">
    /// For a tool whose program goes after `--`: what to tell a user who left the `--` out, so a
    /// stray word is answered with the fix rather than "unrecognized argument".
    /// </param>
    public static int Run(string toolName, RootCommand command, string[] args, string? strayArgumentAdvice = null)
    {
        return ToolRunner.Run(toolName, () =>
        {
            var normalized = PerlOptionSpelling.Normalize(command, args, out string? unknownOption);
            if (unknownOption is not null)
                throw new OptionsException($"unrecognized option '{unknownOption}' (see '{toolName} --help'; a file whose name starts with '-' can be given as ./{unknownOption})");
            var parsed = command.Parse(normalized);
            if (parsed.Errors.Count > 0 && strayArgumentAdvice is not null
                && parsed.UnmatchedTokens.FirstOrDefault(token => !token.StartsWith('-')) is { } stray)
                throw new OptionsException($"unexpected argument '{stray}': {strayArgumentAdvice}");
            if (parsed.Errors.Count > 0)
                throw new OptionsException($"{parsed.Errors[0].Message} (see '{toolName} --help')");
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        });
    }

    /// <summary>
    /// <see cref="Run"/> for a filter, a tool that reads files or stdin and writes stdout: while it
    /// reads stdin from a pipe, the first SIGINT is held: the tool reads to the end of its input and
    /// finishes its output (<see cref="InterruptHold"/>).
    /// </summary>
    public static int RunFilter(string toolName, RootCommand command, string[] args)
    {
        InterruptHold.Enable();
        return Run(toolName, command, args);
    }
}
