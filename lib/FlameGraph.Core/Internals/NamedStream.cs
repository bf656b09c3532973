namespace FlameGraph.Internals;

/// <summary>
/// A stream that names itself when a read or write fails: the I/O exception becomes one line,
/// `read error on 'x': Input/output error` or `write error on 'x': No space left on device`,
/// instead of an exception the user would see as an internal error. Everything else, seeking
/// included, is the wrapped stream's.
/// </summary>
/// <param name="name">How the stream is named in the message: `'path'`, or `stdin`.</param>
public sealed class NamedStream(Stream inner, string name) : Stream
{
    /// <summary>An input file (or stdin, for "-"), named as the tools name their inputs.</summary>
    public static NamedStream ForInput(Stream inner, string path) =>
        new(inner, path == InputFiles.StdinName ? "stdin" : $"'{path}'");

    public override int Read(byte[] buffer, int offset, int count)
    {
        try { return inner.Read(buffer, offset, count); }
        catch (Exception e) when (IoError.IsIo(e)) { throw Failure("read", e); }
    }

    public override int Read(Span<byte> buffer)
    {
        try { return inner.Read(buffer); }
        catch (Exception e) when (IoError.IsIo(e)) { throw Failure("read", e); }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try { return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (IoError.IsIo(e)) { throw Failure("read", e); }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try { inner.Write(buffer); }
        catch (Exception e) when (IoError.IsIo(e) && !BrokenPipe.IsCause(e)) { throw Failure("write", e); }
    }

    public override void Flush()
    {
        try { inner.Flush(); }
        catch (Exception e) when (IoError.IsIo(e) && !BrokenPipe.IsCause(e)) { throw Failure("write", e); }
    }

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => inner.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // A buffered file writes what it still holds as it closes: that write can fail too.
            bool writing = inner.CanWrite;
            try { inner.Dispose(); }
            catch (Exception e) when (IoError.IsIo(e) && !BrokenPipe.IsCause(e)) { throw Failure(writing ? "write" : "read", e); }
        }
        base.Dispose(disposing);
    }

    StageException Failure(string what, Exception e) => new($"{what} error on {name}: {IoError.Reason(e)}");
}
