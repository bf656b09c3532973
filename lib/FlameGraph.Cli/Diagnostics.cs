using Spectre.Console;

namespace FlameGraph.Cli;

/// <summary>
/// Messages on stderr, one line each, prefixed with the tool's name.
/// Colour only when stderr is a terminal and NO_COLOR is unset.
/// </summary>
public static class Diagnostics
{
    /// <summary>The name printed before every message; each tool sets it first thing in Main.</summary>
    public static string ToolName { get; set; } = "fg";

    static readonly Lazy<IAnsiConsole?> ColourConsole = new(CreateColourConsole);

    public static bool UseColour => ColourConsole.Value is not null;

    /// <summary>`tool: message`, in red on a terminal.</summary>
    public static void Error(string message) => Write(message, "red");

    /// <summary>`tool: warning: message`, in yellow on a terminal.</summary>
    public static void Warning(string message) => Write("warning: " + message, "yellow");

    /// <summary>A stage's warnings, each as <see cref="Warning"/>.</summary>
    public static void Print(StageReport report)
    {
        foreach (var warning in report.Warnings)
            Warning(warning);
    }

    /// <summary>A message that is neither an error nor a warning (progress, where output went).</summary>
    public static void Info(string message) => Write(message, null);

    static void Write(string message, string? colour)
    {
        var console = ColourConsole.Value;
        if (console is null || colour is null)
        {
            Console.Error.WriteLine($"{ToolName}: {message}");
            return;
        }
        console.MarkupLine($"[bold]{Markup.Escape(ToolName)}:[/] [{colour}]{Markup.Escape(message)}[/]");
    }

    static IAnsiConsole? CreateColourConsole()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) || Console.IsErrorRedirected)
            return null;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });
    }
}
