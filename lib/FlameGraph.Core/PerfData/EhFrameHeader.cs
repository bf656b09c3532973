namespace FlameGraph.PerfData;

/// <summary>
/// The binary-search table of .eh_frame_hdr (LSB .eh_frame_hdr description): version 1, the
/// encodings of eh_frame_ptr, fde_count and the table, then (initial location, FDE address)
/// pairs sorted by initial location. Only tables of fixed-size entries, absolute or relative
/// to the start of .eh_frame_hdr (GNU ld writes DW_EH_PE_datarel|sdata4), are searched here.
/// </summary>
sealed class EhFrameHeader
{
    readonly byte[] _bytes;
    readonly ulong _address;
    readonly int _tableStart, _entrySize, _count;
    readonly byte _tableEncoding;

    EhFrameHeader(byte[] bytes, ulong address, int tableStart, byte tableEncoding, int count)
    {
        _bytes = bytes;
        _address = address;
        _tableStart = tableStart;
        _tableEncoding = tableEncoding;
        _entrySize = 2 * CfiCursor.FixedSize(tableEncoding);
        _count = count;
    }

    /// <summary>The table, or null when it is absent, damaged, not for the .eh_frame at <paramref name="ehFrameAddress"/>, or in an encoding not searched here.</summary>
    public static EhFrameHeader? Read(byte[] bytes, ulong address, ulong ehFrameAddress)
    {
        try
        {
            var c = new CfiCursor(bytes, address);
            byte version = c.U8(), framePointerEncoding = c.U8(), countEncoding = c.U8(), tableEncoding = c.U8();
            if (version != 1 || countEncoding == CfiCursor.PeOmit || tableEncoding == CfiCursor.PeOmit)
                return null;
            if (c.Pointer(framePointerEncoding, address) != ehFrameAddress)
                return null;
            ulong count = c.Pointer(countEncoding, address);
            int size = CfiCursor.FixedSize(tableEncoding);
            bool applicable = (tableEncoding & 0x70) is 0 or CfiCursor.PeDatarel && (tableEncoding & CfiCursor.PeIndirect) == 0;
            if (size == 0 || !applicable || count > (ulong)((bytes.Length - c.Position) / (2 * size)))
                return null;
            return new EhFrameHeader(bytes, address, c.Position, tableEncoding, (int)count);
        }
        catch (CallFrameInfoException)
        {
            return null;
        }
    }

    /// <summary>The .eh_frame address of the FDE with the greatest initial location not above <paramref name="address"/>, or null.</summary>
    public ulong? FdeAddressFor(ulong address)
    {
        int low = 0, high = _count - 1, found = -1;
        while (low <= high)
        {
            int mid = low + ((high - low) / 2);
            if (Entry(mid, 0) <= address)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return found < 0 ? null : Entry(found, 1);
    }

    ulong Entry(int index, int field)
    {
        var c = new CfiCursor(_bytes, _address, _tableStart + (index * _entrySize) + (field * _entrySize / 2));
        return c.Pointer(_tableEncoding, _address);
    }
}
