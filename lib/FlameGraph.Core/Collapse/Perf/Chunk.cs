namespace FlameGraph.Collapse.Perf;

/// <summary>Where a file's bytes begin inside a chunk.</summary>
readonly record struct FileSegment(int Offset, int FileIndex);

/// <summary>Lines seen in one file segment of one chunk, and the unrecognized ones among them.</summary>
sealed class SegmentStats(int fileIndex)
{
    public int FileIndex { get; } = fileIndex;
    public long Lines { get; set; }
    public long Unrecognized { get; set; }

    /// <summary>1-based line number, relative to the segment's start, of the first unrecognized line; 0 = none.</summary>
    public long FirstUnrecognized { get; set; }

    /// <summary>Line, relative to the segment's start, of the first period beyond 2^64-1; 0 = none.</summary>
    public long FirstPeriodTooLarge { get; set; }

    /// <summary>That period's digits, for the error.</summary>
    public byte[] PeriodTooLarge { get; set; } = [];
}

/// <summary>
/// A block of whole input lines. Chunks handed to parallel workers start and end at sample
/// boundaries (after a blank line), so each can be folded on its own.
/// </summary>
sealed class Chunk
{
    public byte[]? Data { get; set; }
    public int Length { get; init; }
    public List<FileSegment> Segments { get; init; } = [];

    /// <summary>Cut inside a sample because no blank line was found in a very large block.</summary>
    public bool EndsMidSample { get; init; }

    /// <summary>Filled in by the parser that folded the chunk, one entry per segment.</summary>
    public SegmentStats[] Stats { get; set; } = [];
}
