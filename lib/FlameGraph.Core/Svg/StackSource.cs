using FlameGraph.Internals;
using Microsoft.Win32.SafeHandles;

namespace FlameGraph.Svg;

/// <summary>
/// Feeds the input's stacks to a <see cref="FrameMerger"/> in the order flamegraph.pl merges
/// them: sorted (bytewise, whole lines), or input order for a flame chart (reversed or not).
/// Sorted input, as collapsers write it, and flame charts are streamed: memory holds the open
/// path and the frames, never the input. When a line turns out to be out of order, and always
/// for --reverse, the input is read (again, a pipe from the temporary copy
/// <see cref="SpoolingStream"/> kept) into a <see cref="StackTable"/>: one entry per distinct
/// stack, sorted. In the rare case that table cannot draw exactly what flamegraph.pl draws, the
/// lines themselves are read into memory and sorted. <paramref name="open"/>, when given, opens
/// an input by name instead of the file system (a front end rendering stacks it holds).
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
            var starts = streams.Select(s => s.CanSeek ? s.Position : 0).ToList();
            if (!options.FlameChart && !options.NoSort)
                for (int i = 0; i < streams.Count; i++)
                    if (!streams[i].CanSeek)
                        streams[i] = new SpoolingStream(streams[i]);
            if (options.FlameChart || !options.Reverse)
            {
                var streaming = newMerger();
                if (Stream(streams, streaming, checkSorted: !options.FlameChart))
                    return streaming;
                // Not sorted after all: read everything again from the start.
                Rewind(streams, starts);
            }
            var table = ReadDistinct(streams);
            var merger = newMerger();
            if (table.IsExact)
            {
                foreach (var (stack, width, delta) in table.Sorted())
                    Merge(merger, stack, width, delta);
                merger.NoteDelta(table.MaxDelta);
                return merger;
            }
            Rewind(streams, starts);
            merger = newMerger();
            SortInMemory(streams, merger);
            return merger;
        }
        finally
        {
            foreach (var s in streams)
                s.Dispose();
        }
    }

    /// <summary>Back to where each input started: a pipe's copy, or the file's first position.</summary>
    static void Rewind(List<Stream> streams, List<long> starts)
    {
        for (int i = 0; i < streams.Count; i++)
        {
            if (streams[i] is SpoolingStream spool)
                streams[i] = spool.Rewind();
            else
                streams[i].Position = starts[i];
        }
    }

    /// <summary>Merges lines as they come; returns false (having stopped) at the first line out of order.</summary>
    bool Stream(List<Stream> streams, FrameMerger merger, bool checkSorted)
    {
        IgnoredLines = 0;
        var total = PerlNumber.Zero;
        var previous = new byte[4096];
        int previousLength = 0;
        for (int f = 0; f < streams.Count; f++)
        {
            var reader = new LineReader(streams[f]);
            while (reader.TryReadLine(out var line))
            {
                line = WithoutCarriageReturn(line);
                var place = new LinePlace(inputs[f], reader.LineNumber);
                if (StackLine.Parse(line, place, out var stack, out var width, out double delta) == StackLine.Result.Invalid)
                {
                    IgnoredLines++;
                    continue;
                }
                if (options.Reverse)
                {
                    line = Reversed(line);
                    StackLine.Parse(line, place, out stack, out width, out delta);
                }
                // One compare with the previous line serves both the order check and the merge.
                int common = line.CommonPrefixLength(previous.AsSpan(0, previousLength));
                if (checkSorted && IsBefore(line, previous.AsSpan(0, previousLength), common))
                {
                    if (options.NoSort)
                        throw new StageException($"{place}: unsorted input lines detected (--no-sort needs sorted input)");
                    return false;
                }
                if (line.Length > previous.Length)
                    Array.Resize(ref previous, Math.Max(line.Length, previous.Length * 2));
                line[common..].CopyTo(previous.AsSpan(common));
                previousLength = line.Length;

                AddToTotal(ref total, width, place);
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

    /// <summary>Every valid line into a table of distinct stacks (reversed first for --reverse).</summary>
    StackTable ReadDistinct(List<Stream> streams)
    {
        IgnoredLines = 0;
        var table = new StackTable();
        var total = PerlNumber.Zero;
        for (int f = 0; f < streams.Count; f++)
        {
            var reader = new LineReader(streams[f]);
            while (reader.TryReadLine(out var line))
            {
                line = WithoutCarriageReturn(line);
                var place = new LinePlace(inputs[f], reader.LineNumber);
                if (StackLine.Parse(line, place, out var stack, out var width, out double delta) == StackLine.Result.Invalid)
                {
                    IgnoredLines++;
                    continue;
                }
                if (options.Reverse)
                {
                    line = Reversed(line);
                    StackLine.Parse(line, place, out stack, out width, out delta);
                }
                AddToTotal(ref total, width, place);
                table.Add(line, stack.Length, width, delta);
            }
        }
        return table;
    }

    byte[] _reversed = new byte[4096];

    /// <summary>A valid line with its frames reversed, in a buffer reused for the next line.</summary>
    ReadOnlySpan<byte> Reversed(ReadOnlySpan<byte> line)
    {
        // A reversed line is at most one byte longer (the space before a second count).
        if (line.Length + 2 > _reversed.Length)
            _reversed = new byte[Math.Max(line.Length + 2, _reversed.Length * 2)];
        return _reversed.AsSpan(0, StackLine.WriteReversed(line, _reversed));
    }

    void SortInMemory(List<Stream> streams, FrameMerger merger)
    {
        IgnoredLines = 0;
        var arena = new LineArena();
        var total = PerlNumber.Zero;
        for (int f = 0; f < streams.Count; f++)
        {
            var reader = new LineReader(streams[f]);
            while (reader.TryReadLine(out var line))
            {
                line = WithoutCarriageReturn(line);
                var place = new LinePlace(inputs[f], reader.LineNumber);
                if (StackLine.Parse(line, place, out _, out var width, out _) == StackLine.Result.Invalid)
                {
                    IgnoredLines++;
                    continue;
                }
                AddToTotal(ref total, width, place);
                // A reversed line is at most one byte longer (the space before a second count).
                var room = arena.Reserve(line.Length + 2);
                int length = options.Reverse ? StackLine.WriteReversed(line, room) : Copy(line, room);
                arena.Commit(length);
            }
        }
        foreach (var reference in arena.Lines(sorted: !options.FlameChart))
        {
            StackLine.Parse(arena[reference], new LinePlace("", 0), out var stack, out var width, out double delta);
            Merge(merger, stack, width, delta);
        }
    }

    static int Copy(ReadOnlySpan<byte> line, Span<byte> destination)
    {
        line.CopyTo(destination);
        return line.Length;
    }

    /// <summary>The sum of the counts must stay within 64 bits too (<see cref="CountLimit"/>).</summary>
    static void AddToTotal(ref PerlNumber total, PerlNumber width, in LinePlace where)
    {
        if (!PerlNumber.TryAdd(total, width, out total))
            throw new StageException($"{where}: the counts add up to more than {CountLimit.Max}");
    }

    void Merge(FrameMerger merger, ReadOnlySpan<byte> stack, PerlNumber width, double delta, int sharedPrefix = -1)
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
