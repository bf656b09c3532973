namespace FlameGraph.Svg;

/// <summary>
/// Reads a stream that cannot be rewound (a pipe) and keeps a copy of every byte read in a
/// temporary file, so that the input can be read again from the start if it turns out to need
/// sorting. Sorted input then streams through in little memory even from a pipe.
/// </summary>
public sealed class SpoolingStream(Stream source) : Stream
{
    readonly FileStream _spool = CreateNameless();

    /// <summary>
    /// A temporary file whose name is removed as soon as it is open: the open file lives on until
    /// it is closed, and nothing is left behind however the tool ends (a second Ctrl-C, a kill).
    /// </summary>
    static FileStream CreateNameless()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fg-svg-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        File.Delete(path);
        return spool;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = source.Read(buffer, offset, count);
        _spool.Write(buffer, offset, read);
        return read;
    }

    /// <summary>Copies what is still unread to the spool and returns the spool, rewound: the whole input.</summary>
    public Stream Rewind()
    {
        source.CopyTo(_spool);
        _spool.Flush();
        _spool.Position = 0;
        return _spool;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _spool.Dispose();
            source.Dispose();
        }
        base.Dispose(disposing);
    }
}
