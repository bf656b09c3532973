namespace FlameGraph.PerfData;

/// <summary>
/// The call frame information of one x86-64 ELF file's .eh_frame, following DWARF 5 section 6.4
/// (Call Frame Information) as the LSB's .eh_frame and .eh_frame_hdr descriptions adapt it.
/// <see cref="Find"/> gives the unwind row for an address (in the file's own virtual addresses):
/// the FDE is found by binary search, in .eh_frame_hdr's table when there is one we can use,
/// else in a table made by one sorted pass over all FDEs. Damaged bytes give "no rule" (null).
/// </summary>
sealed class EhFrame
{
    readonly byte[] _data;
    readonly ulong _address;
    readonly EhFrameHeader? _header;
    // Without a usable header: every FDE's initial location and offset, sorted by location.
    readonly ulong[] _starts = [];
    readonly int[] _offsets = [];

    public EhFrame(byte[] data, ulong address, byte[]? header = null, ulong headerAddress = 0)
    {
        _data = data;
        _address = address;
        _header = header is null ? null : EhFrameHeader.Read(header, headerAddress, address);
        if (_header is null)
            (_starts, _offsets) = SortedFdes(data, address);
    }

    /// <summary>Whether lookups use .eh_frame_hdr's table (rather than one built here).</summary>
    public bool UsesHeaderTable => _header is not null;

    /// <summary>The .eh_frame (and .eh_frame_hdr) of <paramref name="elf"/>, or null when it has no .eh_frame with bytes.</summary>
    public static EhFrame? Read(ElfFile elf)
    {
        if (elf.Find(".eh_frame") is not { } section || section.Type == ElfFile.ShtNobits)
            return null;
        byte[] data = elf.ReadSection(section);
        if (data.Length == 0)
            return null;
        byte[]? header = null;
        ulong headerAddress = 0;
        if (elf.Find(".eh_frame_hdr") is { } hdr && hdr.Type != ElfFile.ShtNobits)
        {
            header = elf.ReadSection(hdr);
            headerAddress = hdr.Address;
        }
        return new EhFrame(data, section.Address, header, headerAddress);
    }

    /// <summary>The unwind row that holds at <paramref name="address"/>, or null when no FDE covers it or its bytes are damaged.</summary>
    public UnwindRow? Find(ulong address)
    {
        try
        {
            int? offset = FdeOffsetFor(address);
            if (offset is not { } at)
                return null;
            var fde = CfiRecords.ReadFde(_data, _address, at);
            if (address < fde.PcBegin || address >= fde.PcEnd)
                return null;
            return CfaProgram.RowAt(_data, _address, fde, address);
        }
        catch (CallFrameInfoException)
        {
            return null;
        }
    }

    /// <summary>The bytes of a DWARF expression that a rule of a row from <see cref="Find"/> refers to.</summary>
    public ReadOnlySpan<byte> Expression(int start, int length) => _data.AsSpan(start, length);

    int? FdeOffsetFor(ulong address)
    {
        if (_header is not null)
        {
            if (_header.FdeAddressFor(address) is not { } fdeAddress || fdeAddress < _address || fdeAddress - _address >= (ulong)_data.Length)
                return null;
            return (int)(fdeAddress - _address);
        }
        int i = Array.BinarySearch(_starts, address);
        if (i < 0)
            i = ~i - 1;
        else
            while (i + 1 < _starts.Length && _starts[i + 1] == address) // the last of equal starts, as the header search gives
                i++;
        return i < 0 ? null : _offsets[i];
    }

    /// <summary>
    /// One pass over all records. A damaged FDE is left out; a damaged record length ends the
    /// pass quietly (nothing after it can be found), keeping the FDEs read before it.
    /// </summary>
    static (ulong[] Starts, int[] Offsets) SortedFdes(byte[] data, ulong address)
    {
        var starts = new List<ulong>();
        var offsets = new List<int>();
        int at = 0;
        try
        {
            while (CfiRecords.Header(data, at, out int next, out _, out _, out _) is var kind && kind != CfiRecords.Kind.End)
            {
                if (kind == CfiRecords.Kind.Fde && ReadFdeOrNull(data, address, at) is { } fde && fde.PcEnd > fde.PcBegin)
                {
                    starts.Add(fde.PcBegin);
                    offsets.Add(at);
                }
                at = next;
            }
        }
        catch (CallFrameInfoException)
        {
        }
        ulong[] s = [.. starts];
        int[] o = [.. offsets];
        Array.Sort(s, o);
        return (s, o);
    }

    static Fde? ReadFdeOrNull(byte[] data, ulong address, int offset)
    {
        try
        {
            return CfiRecords.ReadFde(data, address, offset);
        }
        catch (CallFrameInfoException)
        {
            return null;
        }
    }
}
