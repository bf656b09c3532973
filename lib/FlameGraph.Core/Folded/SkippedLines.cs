namespace FlameGraph.Folded;

/// <summary>How many lines of one input had no count, and where the first was.</summary>
public struct SkippedLines
{
    public long Count { get; private set; }
    public long FirstLine { get; private set; }

    public void Note(long lineNumber)
    {
        if (Count++ == 0)
            FirstLine = lineNumber;
    }

    /// <summary>The warning for these lines of <paramref name="source"/> (an input as <see cref="Internals.InputFiles.Quoted"/> names it).</summary>
    public readonly string Describe(string source) =>
        $"{source}: skipped {Count} line{(Count == 1 ? "" : "s")} without a count (first at line {FirstLine})";
}
