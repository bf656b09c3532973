namespace FlameGraph.CollapseDtrace;

/// <summary>A growable byte array that is reused from stack to stack, so building a stack allocates nothing.</summary>
sealed class ByteBuffer
{
    byte[] _bytes = new byte[4096];

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

    void Reserve(int more)
    {
        if (Length + more > _bytes.Length)
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + more));
    }
}
