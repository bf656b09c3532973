using System.Buffers.Text;

namespace FlameGraph.Internals;

/// <summary>
/// A buffered writer of bytes to a stream (stdout by default). Text is written as UTF-8 bytes
/// and numbers are formatted straight into the buffer, so the hot path allocates nothing.
/// </summary>
public sealed class ByteWriter : IDisposable
{
    readonly Stream _stream;
    readonly byte[] _buffer;
    int _used;

    public ByteWriter(Stream stream, int bufferSize = 1 << 16)
    {
        _stream = stream;
        // Room for the longest formatted number, so Write(long) never has to split one.
        _buffer = new byte[Math.Max(bufferSize, 32)];
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _used)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _stream.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Write(byte b)
    {
        if (_used == _buffer.Length)
            Flush();
        _buffer[_used++] = b;
    }

    /// <summary>Writes text as UTF-8 (for the rare strings that are not already bytes).</summary>
    public void Write(string text)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > _buffer.Length - _used)
        {
            Flush();
            if (max > _buffer.Length)
            {
                _stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
                return;
            }
        }
        _used += System.Text.Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
    }

    public void Write(long value)
    {
        if (_buffer.Length - _used < 20)
            Flush();
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written);
        _used += written;
    }

    public void Write(ulong value)
    {
        if (_buffer.Length - _used < 20)
            Flush();
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written);
        _used += written;
    }

    public void Flush()
    {
        if (_used > 0)
        {
            _stream.Write(_buffer, 0, _used);
            _used = 0;
        }
        _stream.Flush();
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }
}
