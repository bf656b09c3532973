using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// A forward reader over .eh_frame or .eh_frame_hdr bytes: fixed-size little-endian values,
/// LEB128 (DWARF 5 section 7.6) and the DW_EH_PE_* pointer encodings of the LSB .eh_frame
/// description. Anything past the end throws <see cref="CallFrameInfoException"/>.
/// </summary>
ref struct CfiCursor(ReadOnlySpan<byte> data, ulong sectionAddress, int position = 0)
{
    // DW_EH_PE_*: the low four bits give the value's format, the next three how it is applied.
    public const byte PeAbsptr = 0x00, PeUleb128 = 0x01, PeUdata2 = 0x02, PeUdata4 = 0x03, PeUdata8 = 0x04,
        PeSleb128 = 0x09, PeSdata2 = 0x0a, PeSdata4 = 0x0b, PeSdata8 = 0x0c,
        PePcrel = 0x10, PeDatarel = 0x30, PeIndirect = 0x80, PeOmit = 0xff;

    readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; set; } = position;

    public readonly int Length => _data.Length;

    /// <summary>The address the current position has once the section is loaded.</summary>
    public readonly ulong Address => sectionAddress + (ulong)Position;

    ReadOnlySpan<byte> Take(int size)
    {
        if (size < 0 || Position > _data.Length - size)
            throw new CallFrameInfoException(Position, $"{size} bytes wanted past the end ({_data.Length} bytes)");
        var bytes = _data.Slice(Position, size);
        Position += size;
        return bytes;
    }

    public byte U8() => Take(1)[0];

    public ushort U16() => ReadUInt16LittleEndian(Take(2));

    public uint U32() => ReadUInt32LittleEndian(Take(4));

    public ulong U64() => ReadUInt64LittleEndian(Take(8));

    public ulong Uleb()
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = U8();
            if (shift < 64)
                value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
    }

    public long Sleb()
    {
        long value = 0;
        int shift = 0;
        byte b;
        do
        {
            b = U8();
            if (shift < 64)
                value |= (long)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0)
            value |= -1L << shift;
        return value;
    }

    /// <summary>A ULEB128 that must fit an int (lengths, register numbers).</summary>
    public int UlebInt()
    {
        int at = Position;
        ulong value = Uleb();
        return value <= int.MaxValue ? (int)value : throw new CallFrameInfoException(at, $"value {value} too large");
    }

    /// <summary>A block: ULEB128 length, then that many bytes; returns where the bytes start.</summary>
    public int Block(out int length)
    {
        length = UlebInt();
        int start = Position;
        Take(length);
        return start;
    }

    public ReadOnlySpan<byte> Bytes(int size) => Take(size);

    /// <summary>The NUL-terminated string at the position (without the NUL).</summary>
    public ReadOnlySpan<byte> CString()
    {
        int nul = _data[Position..].IndexOf((byte)0);
        if (nul < 0)
            throw new CallFrameInfoException(Position, "unterminated string");
        var text = _data.Slice(Position, nul);
        Position += nul + 1;
        return text;
    }

    /// <summary>
    /// A pointer in the given DW_EH_PE_* encoding, applied as absolute, pc-relative (to the
    /// address of the value itself) or data-relative (to <paramref name="dataBase"/>). An
    /// indirect pointer is returned as the address where the pointer is stored: nothing here
    /// reads the loaded image.
    /// </summary>
    public ulong Pointer(byte encoding, ulong dataBase = 0)
    {
        if (encoding == PeOmit)
            return 0;
        int at = Position;
        ulong place = Address;
        ulong value = (encoding & 0x0f) switch
        {
            PeAbsptr or PeUdata8 or PeSdata8 => U64(),
            PeUleb128 => Uleb(),
            PeUdata2 => U16(),
            PeUdata4 => U32(),
            PeSleb128 => (ulong)Sleb(),
            PeSdata2 => (ulong)(long)(short)U16(),
            PeSdata4 => (ulong)(long)(int)U32(),
            _ => throw new CallFrameInfoException(at, $"pointer format 0x{encoding:x2} unknown"),
        };
        return (encoding & 0x70) switch
        {
            0 => value,
            PePcrel => place + value,
            PeDatarel => dataBase + value,
            _ => throw new CallFrameInfoException(at, $"pointer application 0x{encoding:x2} not supported"),
        };
    }

    /// <summary>The size of a fixed-size pointer format, or 0 for the LEB128 ones.</summary>
    public static int FixedSize(byte encoding) => (encoding & 0x0f) switch
    {
        PeAbsptr or PeUdata8 or PeSdata8 => 8,
        PeUdata4 or PeSdata4 => 4,
        PeUdata2 or PeSdata2 => 2,
        _ => 0,
    };
}
