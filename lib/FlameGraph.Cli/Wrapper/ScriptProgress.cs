using System.Diagnostics;
using Spectre.Console;

namespace FlameGraph.Cli;

/// <summary>
/// A spinner with the elapsed time on stderr while `perf script` runs (it can take minutes on big
/// binaries), as flamegraph-rs shows one, or while a perf.data is read in process. Only on a
/// terminal: a redirected stderr gets nothing, and NO_COLOR keeps it colourless.
/// </summary>
public static class ScriptProgress
{
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    /// <param name="activity">What runs ("Running perf script"); null when nothing is worth waiting for (the recorder failed, or dtrace).</param>
    public static void Show(string? activity, Action work)
    {
        if (activity is null || Console.IsErrorRedirected)
        {
            work();
            return;
        }
        bool noColour = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Interactive = InteractionSupport.Yes,
            ColorSystem = noColour ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        var clock = Stopwatch.StartNew();
        // A Ctrl-C now ends the process at once (Environment.Exit): give the terminal its cursor back.
        EventHandler showCursor = (_, _) => Console.Error.Write("\u001b[?25h\n");
        AppDomain.CurrentDomain.ProcessExit += showCursor;
        try
        {
            console.Status()
                .Spinner(Spinner.Known.Dots)
                .Start(Text(activity, clock), context =>
                {
                    using var timer = new Timer(_ => context.Status = Text(activity, clock), null, Tick, Tick);
                    work();
                });
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= showCursor;
        }
    }

    // Status text is Spectre markup: the brackets must be escaped.
    static string Text(string activity, Stopwatch clock) => Markup.Escape($"{activity} [{clock.Elapsed:hh\\:mm\\:ss}]");
}
