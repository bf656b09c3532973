namespace FlameGraph.CollapsePerf;

/// <summary>A reusable, growable run of bytes for building one frame or name at a time.</summary>
sealed class ByteBuffer(int capacity = 256)
{
    byte[] _bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(byte b)
    {
        if (Length == _bytes.Length)
            Array.Resize(ref _bytes, _bytes.Length * 2);
        _bytes[Length++] = b;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _bytes.Length - Length)
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + bytes.Length));
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Set(ReadOnlySpan<byte> bytes)
    {
        Length = 0;
        Append(bytes);
    }

    /// <summary>Replaces every <paramref name="from"/> byte written so far.</summary>
    public void Replace(byte from, byte to) => _bytes.AsSpan(0, Length).Replace(from, to);

    /// <summary>Drops the first <paramref name="count"/> bytes.</summary>
    public void RemoveStart(int count)
    {
        _bytes.AsSpan(count, Length - count).CopyTo(_bytes);
        Length -= count;
    }
}
