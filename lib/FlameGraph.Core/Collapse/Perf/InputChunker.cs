using System.Collections.Concurrent;
using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// Reads the inputs, one after another as one stream (as Perl's `&lt;&gt;` does), in large blocks
/// straight from the files, and cuts them into chunks of whole lines. While
/// <see cref="SplitAtSamples"/> is set a chunk ends after a blank line, so workers can fold
/// chunks independently; a block with no blank line grows until <see cref="MaxSampleChunk"/>,
/// then is cut at a line end and marked <see cref="Chunk.EndsMidSample"/>. Memory stays at a
/// few blocks whatever the input's size. <paramref name="open"/>, when given, opens an input
/// by name instead of the file system (a front end feeding a stream).
/// </summary>
sealed class InputChunker(IReadOnlyList<string> paths, Func<string, Stream>? open = null)
{
    public const int BlockSize = 1 << 20;
    public const int MaxSampleChunk = 16 << 20;

    readonly ConcurrentBag<byte[]> _free = [];

    public bool SplitAtSamples { get; set; } = true;

    /// <summary>Gives a chunk's buffer back for reuse once it has been folded.</summary>
    public void Recycle(Chunk chunk)
    {
        if (chunk.Data is { Length: BlockSize } data)
            _free.Add(data);
        chunk.Data = null;
    }

    public IEnumerable<Chunk> Read()
    {
        byte[] buffer = Rent();
        int used = 0;
        var segments = new List<FileSegment>();
        for (int fileIndex = 0; fileIndex < paths.Count; fileIndex++)
        {
            using var stream = open?.Invoke(paths[fileIndex]) ?? InputFiles.Open(paths[fileIndex], bufferSize: 1);
            segments.Add(new FileSegment(used, fileIndex));
            while (true)
            {
                if (used == buffer.Length)
                {
                    var (cut, midSample) = FindCut(buffer.AsSpan(0, used));
                    if (cut > 0)
                    {
                        var chunk = new Chunk { Data = buffer, Length = cut, Segments = segments, EndsMidSample = midSample };
                        (buffer, segments) = CarryTail(buffer, used, cut, segments);
                        used -= cut;
                        yield return chunk;
                        continue;
                    }
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                int read = stream.Read(buffer, used, buffer.Length - used);
                if (read == 0)
                    break;
                used += read;
            }
            if (used > 0 && buffer[used - 1] != (byte)'\n')
            {
                // a last line without '\n' still ends at the end of its file
                if (used == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                buffer[used++] = (byte)'\n';
            }
        }
        if (used > 0)
            yield return new Chunk { Data = buffer, Length = used, Segments = segments };
    }

    (int Cut, bool MidSample) FindCut(ReadOnlySpan<byte> block)
    {
        if (SplitAtSamples)
        {
            int blank = block.LastIndexOf("\n\n"u8);
            int from = Math.Max(blank, 0);
            int crlfBlank = block[from..].LastIndexOf("\n\r\n"u8);
            if (crlfBlank >= 0)
                return (from + crlfBlank + 3, false);
            if (blank >= 0)
                return (blank + 2, false);
            if (block.Length < MaxSampleChunk)
                return (0, false);
        }
        int newline = block.LastIndexOf((byte)'\n');
        return (newline + 1, SplitAtSamples);
    }

    (byte[] Buffer, List<FileSegment> Segments) CarryTail(byte[] buffer, int used, int cut, List<FileSegment> segments)
    {
        int tail = used - cut;
        byte[] next = Rent();
        if (tail > next.Length)
            next = new byte[Math.Max(tail * 2, BlockSize)];
        buffer.AsSpan(cut, tail).CopyTo(next);

        var carried = new List<FileSegment>();
        bool startsNewFile = segments.Exists(s => s.Offset == cut);
        if (!startsNewFile)
            carried.Add(new FileSegment(0, segments.FindLast(s => s.Offset < cut).FileIndex));
        foreach (var s in segments)
            if (s.Offset >= cut)
                carried.Add(s with { Offset = s.Offset - cut });
        segments.RemoveAll(s => s.Offset >= cut);
        return (next, carried);
    }

    byte[] Rent() => _free.TryTake(out var buffer) ? buffer : new byte[BlockSize];
}
