using System.Diagnostics;

namespace FlameGraph.Tests.Support;

/// <summary>
/// A shell command line run on a new pseudo-terminal by script(1), where a ^C written to the
/// terminal is a user's Ctrl-C: a SIGINT from the terminal to its whole foreground process group.
/// <para>
/// The shell is /bin/sh on every machine (script(1) would take $SHELL) and ignores SIGINT, as an
/// interactive shell does (a non-interactive dash would die of the Ctrl-C and run nothing after
/// it); so the command line gives each tool back the default disposition a command typed at a
/// prompt gets with `env --default-signal=INT` (<see cref="AsTyped"/>).
/// </para>
/// </summary>
public sealed class TerminalSession : IAsyncDisposable
{
    readonly Process _script;
    readonly Task<string> _screen;

    TerminalSession(Process script)
    {
        _script = script;
        _screen = script.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Starts the command line; the test is skipped, saying why, when script(1) is missing.</summary>
    public static TerminalSession Start(string commandLine, string workingDirectory)
    {
        if (!File.Exists("/usr/bin/script"))
            Assert.Skip("script(1) is missing (package bsdutils): Ctrl-C on a terminal NOT checked");
        var start = new ProcessStartInfo("/usr/bin/script", ["-qfec", "trap '' INT; " + commandLine, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["SHELL"] = "/bin/sh";
        start.Environment["NO_COLOR"] = "1";
        return new TerminalSession(Process.Start(start)!);
    }

    /// <summary>A command as typed at a prompt: with SIGINT at its default disposition.</summary>
    public static string AsTyped(string command) => "env --default-signal=INT " + command;

    public bool HasExited => _script.HasExited;

    public async Task TypeCtrlC()
    {
        await _script.StandardInput.WriteAsync("\u0003".AsMemory(), TestContext.Current.CancellationToken);
        await _script.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
    }

    public bool WaitForExit(TimeSpan timeout) => _script.WaitForExit(timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_script.HasExited)
            _script.Kill(entireProcessTree: true);
        _ = await _screen;
        _script.Dispose();
    }
}
