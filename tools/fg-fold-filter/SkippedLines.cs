namespace FlameGraph.FoldFilter;

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
}
