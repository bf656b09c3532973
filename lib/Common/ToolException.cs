namespace FlameGraph.Common;

/// <summary>A failure to report to the user as one line, then exit with <see cref="ExitCode"/>.</summary>
public class ToolException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>The command line itself is wrong: exit status 2.</summary>
public sealed class UsageException(string message) : ToolException(message, 2);
