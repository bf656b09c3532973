namespace FlameGraph;

/// <summary>
/// What a stage run has to tell its user besides its output: warnings, in the order they arose.
/// Stages print nothing; the command line prints the report (or not, with -q).
/// </summary>
public class StageReport
{
    readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    public void Warn(string message) => _warnings.Add(message);

    readonly List<string> _details = [];

    /// <summary>What a user asked to see with --verbose: how much was read, where the time went.</summary>
    public IReadOnlyList<string> Details => _details;

    public void Detail(string message) => _details.Add(message);

    /// <summary>
    /// Set when the stage stopped early on damaged input after writing what was good before the
    /// damage: one line naming the input and where (a command line exits 1).
    /// </summary>
    public string? Failure { get; set; }
}
