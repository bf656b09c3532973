using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// Reads a stream that cannot be rewound (a pipe) and keeps a copy of every byte read in a
/// temporary file, so that the input can be read again from the start if it turns out to need
/// sorting. Sorted input then streams through in little memory even from a pipe. Where no
/// temporary file can be made or written ($TMPDIR missing, read-only, not a directory, full),
/// the copy is kept in memory instead: the graph is still drawn.
/// </summary>
public sealed class SpoolingStream : ReadOnlyStream
{
    readonly Stream _source;
    Stream _spool;

    public SpoolingStream(Stream source) : this(source, (Stream?)CreateNamelessOrNull() ?? new MemoryStream()) { }

    /// <summary>Copies to <paramref name="spool"/>, a seekable stream, until it fails to take a write.</summary>
    public SpoolingStream(Stream source, Stream spool)
    {
        _source = source;
        _spool = spool;
    }

    /// <summary>
    /// A temporary file whose name is removed as soon as it is open: the open file lives on until
    /// it is closed, and nothing is left behind however the tool ends (a second Ctrl-C, a kill).
    /// Unbuffered, so that a write that fails leaves the file holding exactly the bytes before it.
    /// </summary>
    static FileStream? CreateNamelessOrNull()
    {
        try
        {
            string path = Path.Combine(Path.GetTempPath(), $"fg-svg-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
            var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            File.Delete(path);
            return spool;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = _source.Read(buffer, offset, count);
        Keep(buffer.AsSpan(offset, read));
        return read;
    }

    /// <summary>Copies what is still unread to the spool and returns the spool, rewound: the whole input.</summary>
    public Stream Rewind()
    {
        var block = new byte[1 << 16];
        int read;
        while ((read = _source.Read(block, 0, block.Length)) > 0)
            Keep(block.AsSpan(0, read));
        _spool.Position = 0;
        return _spool;
    }

    /// <summary>Appends to the spool; when the file refuses a write, moves what it holds to memory and goes on there.</summary>
    void Keep(ReadOnlySpan<byte> bytes)
    {
        long before = _spool.Position;
        try
        {
            _spool.Write(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var memory = new MemoryStream();
            _spool.Position = 0;
            CopyBytes(_spool, memory, before);
            _spool.Dispose();
            _spool = memory;
            memory.Write(bytes);
        }
    }

    static void CopyBytes(Stream from, Stream to, long count)
    {
        var block = new byte[1 << 16];
        while (count > 0)
        {
            int read = from.Read(block, 0, (int)Math.Min(block.Length, count));
            if (read == 0)
                throw new IOException("temporary file shorter than written", 5);
            to.Write(block, 0, read);
            count -= read;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _spool.Dispose();
            _source.Dispose();
        }
        base.Dispose(disposing);
    }
}
