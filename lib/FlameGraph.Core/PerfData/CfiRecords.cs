namespace FlameGraph.PerfData;

/// <summary>
/// A Common Information Entry of .eh_frame (LSB .eh_frame description; DWARF 5 section 6.4.1):
/// what the FDEs that point at it share. Offsets are into the .eh_frame section.
/// </summary>
readonly record struct Cie(int Offset, ulong CodeAlignment, long DataAlignment, int ReturnAddressRegister,
    byte FdeEncoding, bool HasAugmentationData, bool IsSignalFrame, int InstructionsStart, int InstructionsEnd);

/// <summary>
/// A Frame Description Entry of .eh_frame: the addresses [<see cref="PcBegin"/>, <see cref="PcEnd"/>)
/// and the CFA instructions for them. Offsets are into the .eh_frame section.
/// </summary>
readonly record struct Fde(int Offset, Cie Cie, ulong PcBegin, ulong PcEnd, int InstructionsStart, int InstructionsEnd);

/// <summary>
/// Reads the CIE and FDE records of .eh_frame as the LSB describes them: a 4-byte length (or
/// 0xffffffff and an 8-byte length), then a CIE id of 0 or, for an FDE, the distance back from
/// that field to its CIE; a zero length ends the section.
/// </summary>
static class CfiRecords
{
    public enum Kind { End, Cie, Fde }

    /// <summary>
    /// The kind of the record at <paramref name="offset"/> and the offset of the next one.
    /// <paramref name="idField"/> is where the CIE id / CIE pointer is, <paramref name="bodyStart"/> where the rest begins.
    /// </summary>
    public static Kind Header(ReadOnlySpan<byte> data, int offset, out int next, out int idField, out int bodyStart, out ulong id)
    {
        var cursor = new CfiCursor(data, 0, offset);
        next = idField = bodyStart = 0;
        id = 0;
        if (offset == data.Length)
            return Kind.End;
        ulong length = cursor.U32();
        int idSize = 4;
        if (length == 0xffffffff)
        {
            length = cursor.U64();
            idSize = 8;
        }
        if (length == 0)
            return Kind.End;
        idField = cursor.Position;
        if (length > (ulong)(data.Length - idField))
            throw new CallFrameInfoException(offset, $"record of {length} bytes runs past the end ({data.Length} bytes)");
        next = idField + (int)length;
        if ((int)length < idSize)
            throw new CallFrameInfoException(offset, $"record of {length} bytes too short");
        id = idSize == 4 ? cursor.U32() : cursor.U64();
        bodyStart = cursor.Position;
        return id == 0 ? Kind.Cie : Kind.Fde;
    }

    public static Cie ReadCie(ReadOnlySpan<byte> data, ulong sectionAddress, int offset)
    {
        if (Header(data, offset, out int next, out _, out int body, out _) != Kind.Cie)
            throw new CallFrameInfoException(offset, "no CIE here");
        var cursor = new CfiCursor(data[..next], sectionAddress, body);
        byte version = cursor.U8();
        if (version is not (1 or 3 or 4))
            throw new CallFrameInfoException(offset, $"CIE version {version} unknown");
        var augmentation = cursor.CString();
        if (augmentation.StartsWith("eh"u8))
            cursor.U64(); // the eh_data pointer of old GCC
        if (version == 4)
            cursor.Bytes(2); // address_size, segment_selector_size
        ulong codeAlignment = cursor.Uleb();
        long dataAlignment = cursor.Sleb();
        int returnRegister = version == 1 ? cursor.U8() : cursor.UlebInt();
        byte fdeEncoding = CfiCursor.PeAbsptr;
        bool signal = false;
        bool z = augmentation.Length > 0 && augmentation[0] == (byte)'z';
        if (z)
        {
            int dataStart = cursor.Block(out int dataLength);
            var own = new CfiCursor(data[..(dataStart + dataLength)], sectionAddress, dataStart);
            foreach (byte letter in augmentation[1..])
            {
                switch (letter)
                {
                    case (byte)'R': fdeEncoding = own.U8(); break;
                    case (byte)'L': own.U8(); break;
                    case (byte)'P': own.Pointer(own.U8()); break;
                    case (byte)'S': signal = true; break;
                    default: break; // 'B', 'G' and the like carry no data; the block length covers the rest
                }
            }
        }
        else if (augmentation.Length > 0 && !augmentation.SequenceEqual("eh"u8))
        {
            throw new CallFrameInfoException(offset, $"CIE augmentation \"{System.Text.Encoding.ASCII.GetString(augmentation)}\" unknown");
        }
        return new Cie(offset, codeAlignment, dataAlignment, returnRegister, fdeEncoding, z, signal, cursor.Position, next);
    }

    public static Fde ReadFde(ReadOnlySpan<byte> data, ulong sectionAddress, int offset)
    {
        if (Header(data, offset, out int next, out int idField, out int body, out ulong id) != Kind.Fde)
            throw new CallFrameInfoException(offset, "no FDE here");
        if (id > (ulong)idField)
            throw new CallFrameInfoException(offset, $"CIE pointer {id} points before the section");
        int cieOffset = idField - (int)id;
        var cie = ReadCie(data, sectionAddress, cieOffset);
        var cursor = new CfiCursor(data[..next], sectionAddress, body);
        ulong begin = cursor.Pointer(cie.FdeEncoding);
        ulong range = cursor.Pointer((byte)(cie.FdeEncoding & 0x0f));
        if (cie.HasAugmentationData)
            cursor.Block(out _);
        return new Fde(offset, cie, begin, begin + range, cursor.Position, next);
    }
}
