namespace FlameGraph.Internals;

/// <summary>
/// A growable run of bytes that is reused from frame to frame and stack to stack, so building one
/// allocates nothing once the buffer has grown to the largest seen.
/// </summary>
sealed class ByteBuffer(int capacity = 256)
{
    byte[] _bytes = new byte[Math.Max(capacity, 1)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    public void Clear() => Length = 0;

    public void Append(byte b)
    {
        Reserve(1);
        _bytes[Length++] = b;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends <paramref name="bytes"/> with every <paramref name="from"/> changed to <paramref name="to"/>.</summary>
    public void AppendReplacing(ReadOnlySpan<byte> bytes, byte from, byte to)
    {
        Reserve(bytes.Length);
        var target = _bytes.AsSpan(Length, bytes.Length);
        bytes.CopyTo(target);
        target.Replace(from, to);
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

    void Reserve(int more)
    {
        if (more > _bytes.Length - Length)
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(2L * _bytes.Length, (long)Length + more)));
    }
}
