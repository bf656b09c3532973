using FlameGraph.Common;
using Microsoft.Win32.SafeHandles;

namespace FlameGraph.Svg;

/// <summary>
/// Feeds the input's stacks to a <see cref="FrameMerger"/> in the order flamegraph.pl merges
/// them: sorted (bytewise, whole lines), or input order for a flame chart. Sorted input, as
/// collapsers write it, is streamed: memory holds the open path and the frames, never the
/// input. When a line turns out to be out of order, the input is read again from the start
/// (a pipe from the temporary copy <see cref="SpoolingStream"/> kept) into memory and sorted;
/// --reverse is always sorted in memory. <paramref name="open"/>, when given, opens an input by
/// name instead of the file system (a front end rendering stacks it holds).
/// </summary>
public sealed class StackSource(IReadOnlyList<string> inputs, SvgOptions options, Func<string, Stream>? open = null)
{
    /// <summary>Lines that were not `stack count`, as flamegraph.pl counts them.</summary>
    public long IgnoredLines { get; private set; }

    readonly List<byte> _scratch = [];

    /// <summary>Merges all the input with a merger from <paramref name="newMerger"/> (a second one if the first attempt must be abandoned).</summary>
    public FrameMerger FeedTo(Func<FrameMerger> newMerger)
    {
        var streams = inputs.Select(open ?? OpenInput).ToList();
        try
        {
            bool inputOrder = options.FlameChart || options.NoSort;
            if (!options.Reverse)
            {
                var starts = streams.Select(s => s.CanSeek ? s.Position : 0).ToList();
                if (!inputOrder)
                    for (int i = 0; i < streams.Count; i++)
                        if (!streams[i].CanSeek)
                            streams[i] = new SpoolingStream(streams[i]);
                var streaming = newMerger();
                if (Stream(streams, streaming, checkSorted: !options.FlameChart))
                    return streaming;
                // Not sorted after all: read everything again from the start, and sort it in memory.
                for (int i = 0; i < streams.Count; i++)
                {
                    if (streams[i] is SpoolingStream spool)
                        streams[i] = spool.Rewind();
                    else
                        streams[i].Position = starts[i];
                }
            }
            var merger = newMerger();
            SortInMemory(streams, merger);
            return merger;
        }
        finally
        {
            foreach (var s in streams)
                s.Dispose();
        }
    }

    /// <summary>Merges lines as they come; returns false (having stopped) at the first line out of order.</summary>
    bool Stream(List<Stream> streams, FrameMerger merger, bool checkSorted)
    {
        IgnoredLines = 0;
        var previous = new byte[4096];
        int previousLength = 0;
        for (int f = 0; f < streams.Count; f++)
        {
            var reader = new LineReader(streams[f]);
            while (reader.TryReadLine(out var line))
            {
                line = WithoutCarriageReturn(line);
                var place = new LinePlace(inputs[f], reader.LineNumber);
                if (StackLine.Parse(line, place, out var stack, out double width, out double delta) == StackLine.Result.Invalid)
                {
                    IgnoredLines++;
                    continue;
                }
                // One compare with the previous line serves both the order check and the merge.
                int common = line.CommonPrefixLength(previous.AsSpan(0, previousLength));
                if (checkSorted && IsBefore(line, previous.AsSpan(0, previousLength), common))
                {
                    if (options.NoSort)
                        throw new ToolException($"{place}: unsorted input lines detected (--no-sort needs sorted input)");
                    return false;
                }
                if (line.Length > previous.Length)
                    Array.Resize(ref previous, Math.Max(line.Length, previous.Length * 2));
                line[common..].CopyTo(previous.AsSpan(common));
                previousLength = line.Length;

                CheckTotal(merger, width, place);
                Merge(merger, stack, width, delta, common);
            }
        }
        return true;
    }

    /// <summary>Whether <paramref name="line"/> sorts before <paramref name="previous"/>, given their common prefix length.</summary>
    static bool IsBefore(ReadOnlySpan<byte> line, ReadOnlySpan<byte> previous, int common)
    {
        if (common < line.Length && common < previous.Length)
            return line[common] < previous[common];
        return line.Length < previous.Length;
    }

    void SortInMemory(List<Stream> streams, FrameMerger merger)
    {
        IgnoredLines = 0;
        var arena = new LineArena();
        double total = 0;
        for (int f = 0; f < streams.Count; f++)
        {
            var reader = new LineReader(streams[f]);
            while (reader.TryReadLine(out var line))
            {
                line = WithoutCarriageReturn(line);
                if (StackLine.Parse(line, new LinePlace(inputs[f], reader.LineNumber), out _, out double width, out _) == StackLine.Result.Invalid)
                {
                    IgnoredLines++;
                    continue;
                }
                // A reversed line is at most one byte longer (the space before a second count).
                total += width;
                if (total >= 9223372036854775807.0)
                    throw new ToolException($"{new LinePlace(inputs[f], reader.LineNumber)}: the total of the counts does not fit in 64 bits");
                var room = arena.Reserve(line.Length + 2);
                int length = options.Reverse ? StackLine.WriteReversed(line, room) : Copy(line, room);
                arena.Commit(length);
            }
        }
        foreach (var reference in arena.Lines(sorted: !options.FlameChart))
        {
            StackLine.Parse(arena[reference], new LinePlace("", 0), out var stack, out double width, out double delta);
            Merge(merger, stack, width, delta);
        }
    }

    static int Copy(ReadOnlySpan<byte> line, Span<byte> destination)
    {
        line.CopyTo(destination);
        return line.Length;
    }

    /// <summary>The sum of the counts must stay a 64-bit number too.</summary>
    static void CheckTotal(FrameMerger merger, double width, in LinePlace where)
    {
        if (merger.Time + width >= 9223372036854775807.0)
            throw new ToolException($"{where}: the total of the counts does not fit in 64 bits");
    }

    void Merge(FrameMerger merger, ReadOnlySpan<byte> stack, double width, double delta, int sharedPrefix = -1)
    {
        if (options.Colors == "chain")
        {
            _scratch.Clear();
            StackLine.WriteChain(stack, _scratch);
            stack = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_scratch);
            sharedPrefix = -1;
        }
        merger.Add(StackLine.TrimTrailingSeparators(stack), width, delta, sharedPrefix);
    }

    static ReadOnlySpan<byte> WithoutCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    /// <summary>
    /// Opens a file, or stdin as a file stream so that stdin redirected from a file can be re-read
    /// (stdin from a pipe holds the first Ctrl-C while it is read: <see cref="InterruptHold"/>).
    /// </summary>
    static Stream OpenInput(string path)
    {
        if (path != InputFiles.StdinName)
            return InputFiles.Open(path, bufferSize: 0);
        var handle = new SafeFileHandle(0, ownsHandle: false);
        try
        {
            return NamedStream.ForInput(InterruptHold.ForStdin(new FileStream(handle, FileAccess.Read, bufferSize: 0)), path);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return InputFiles.Open(path);
        }
    }
}
