using System.Buffers.Text;
using System.Text;

namespace FlameGraph.Bench;

/// <summary>
/// Buffered byte output that counts what it wrote, so generators can stop at a target size.
/// Numbers are formatted straight into the buffer: the generators write gigabytes.
/// </summary>
sealed class TextOutput(Stream stream) : IDisposable
{
    readonly byte[] _buffer = new byte[1 << 20];
    int _used;

    public long BytesWritten { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _used)
        {
            FlushBuffer();
            if (bytes.Length > _buffer.Length)
            {
                stream.Write(bytes);
                BytesWritten += bytes.Length;
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
        BytesWritten += bytes.Length;
    }

    public void Write(byte b)
    {
        if (_used == _buffer.Length)
            FlushBuffer();
        _buffer[_used++] = b;
        BytesWritten++;
    }

    public void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    /// <summary>Decimal, right-aligned in <paramref name="width"/> (negative: left-aligned), padded with spaces like printf %5d / %-5d.</summary>
    public void WriteNumber(long value, int width = 0)
    {
        Span<byte> digits = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, digits, out int length);
        WritePadded(digits[..length], width);
    }

    /// <summary>Decimal with leading zeros to <paramref name="digitsWanted"/> digits, like printf %06d.</summary>
    public void WriteZeroPadded(long value, int digitsWanted)
    {
        Span<byte> digits = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, digits, out int length, new System.Buffers.StandardFormat('D', (byte)digitsWanted));
        Write(digits[..length]);
    }

    /// <summary>Lower-case hex without 0x, right-aligned in <paramref name="width"/> spaces, like printf %16lx.</summary>
    public void WriteHex(ulong value, int width = 0)
    {
        Span<byte> digits = stackalloc byte[16];
        Utf8Formatter.TryFormat(value, digits, out int length, new System.Buffers.StandardFormat('x'));
        WritePadded(digits[..length], width);
    }

    void WritePadded(ReadOnlySpan<byte> text, int width)
    {
        int pad = Math.Abs(width) - text.Length;
        if (width > 0)
            for (int i = 0; i < pad; i++)
                Write((byte)' ');
        Write(text);
        if (width < 0)
            for (int i = 0; i < pad; i++)
                Write((byte)' ');
    }

    void FlushBuffer()
    {
        stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        FlushBuffer();
        stream.Flush();
        stream.Dispose();
    }
}
