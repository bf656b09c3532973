using FlameGraph.Common;
using Microsoft.Win32.SafeHandles;

namespace FlameGraph.Svg;

/// <summary>
/// Feeds the input's stacks to a <see cref="FrameMerger"/> in the order flamegraph.pl merges
/// them: sorted (bytewise, whole lines), or input order for a flame chart. Sorted input, as
/// collapsers write it, is streamed: memory holds the open path and the frames, never the
/// input. Unsorted file input is read a second time into memory and sorted; so is input from a
/// pipe (which cannot be read twice) and --reverse.
/// </summary>
public sealed class StackSource(IReadOnlyList<string> inputs, SvgOptions options)
{
    /// <summary>Lines that were not `stack count`, as flamegraph.pl counts them.</summary>
    public long IgnoredLines { get; private set; }

    readonly List<byte> _scratch = [];

    public void FeedTo(Func<FrameMerger> newMerger, out FrameMerger merger)
    {
        var streams = inputs.Select(OpenInput).ToList();
        try
        {
            bool inputOrder = options.FlameChart || options.NoSort;
            bool streamable = inputOrder || (!options.Reverse && streams.All(s => s.CanSeek));
            if (streamable)
            {
                merger = newMerger();
                if (Stream(streams, merger, checkSorted: !options.FlameChart))
                    return;
                // Not sorted after all: start again from the top, sorting in memory.
                foreach (var s in streams)
                    s.Position = 0;
            }
            merger = newMerger();
            SortInMemory(streams, merger);
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
        var previous = new List<byte>();
        bool first = true;
        for (int f = 0; f < streams.Count; f++)
        {
            var reader = new LineReader(streams[f]);
            while (reader.TryReadLine(out var line))
            {
                line = WithoutCarriageReturn(line);
                long number = reader.LineNumber;
                string name = inputs[f];
                var result = StackLine.Parse(line, new LinePlace(name, number), out var stack, out double width, out double delta);
                if (result == StackLine.Result.Invalid)
                {
                    IgnoredLines++;
                    continue;
                }
                if (checkSorted)
                {
                    if (!first && line.SequenceCompareTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(previous)) < 0)
                    {
                        if (options.NoSort)
                            throw new ToolException($"{new LinePlace(name, number)}: unsorted input lines detected (--no-sort needs sorted input)");
                        return false;
                    }
                    previous.Clear();
                    previous.AddRange(line);
                    first = false;
                }
                Merge(merger, stack, width, delta);
            }
        }
        return true;
    }

    void SortInMemory(List<Stream> streams, FrameMerger merger)
    {
        IgnoredLines = 0;
        var arena = new List<byte>(1 << 20);
        var lines = new List<(int Start, int Length)>();
        for (int f = 0; f < streams.Count; f++)
        {
            var reader = new LineReader(streams[f]);
            while (reader.TryReadLine(out var line))
            {
                line = WithoutCarriageReturn(line);
                long number = reader.LineNumber;
                string name = inputs[f];
                if (StackLine.Parse(line, new LinePlace(name, number), out _, out _, out _) == StackLine.Result.Invalid)
                {
                    IgnoredLines++;
                    continue;
                }
                int start = arena.Count;
                if (options.Reverse)
                    StackLine.WriteReversed(line, arena);
                else
                    arena.AddRange(line);
                lines.Add((start, arena.Count - start));
            }
        }
        var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(arena).ToArray();
        arena.Clear();
        arena.TrimExcess();
        var order = lines.ToArray();
        if (!options.FlameChart)
            Array.Sort(order, (a, b) => all.AsSpan(a.Start, a.Length).SequenceCompareTo(all.AsSpan(b.Start, b.Length)));
        foreach (var (start, length) in order)
        {
            StackLine.Parse(all.AsSpan(start, length), new LinePlace("", 0), out var stack, out double width, out double delta);
            Merge(merger, stack, width, delta);
        }
    }

    void Merge(FrameMerger merger, ReadOnlySpan<byte> stack, double width, double delta)
    {
        if (options.Colors == "chain")
        {
            _scratch.Clear();
            StackLine.WriteChain(stack, _scratch);
            stack = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_scratch);
        }
        merger.Add(StackLine.TrimTrailingSeparators(stack), width, delta);
    }

    static ReadOnlySpan<byte> WithoutCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    /// <summary>Opens a file, or stdin as a file stream so that stdin redirected from a file can be re-read.</summary>
    static Stream OpenInput(string path)
    {
        if (path != InputFiles.StdinName)
            return InputFiles.Open(path, bufferSize: 0);
        var handle = new SafeFileHandle(0, ownsHandle: false);
        try
        {
            var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            if (stream.CanSeek)
                stream.Position = 0;
            return stream;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return Console.OpenStandardInput();
        }
    }
}
