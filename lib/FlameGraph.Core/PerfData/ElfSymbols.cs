using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// A user dso's symbols as perf reads them (dso__load_sym, dso__synthesize_plt_symbols):
/// functions, objects and text labels of .symtab (else .dynsym), moved from virtual addresses
/// to file offsets through their load segment (so they match the offsets samples are mapped
/// to), then one `name@plt` symbol per PLT slot.
/// </summary>
static class ElfSymbols
{
    const byte SttNotype = 0, SttObject = 1, SttFunc = 2, SttGnuIfunc = 10;
    const ushort ShnUndef = 0, ShnLoreserve = 0xff00;

    public static SymbolTable Load(ElfFile symbols, ElfFile runtime, SymbolDemangler? demangler)
    {
        var entries = new List<SymbolTable.Entry>();
        if ((runtime.Find(".rela.plt") ?? runtime.Find(".rel.plt")) is { EntrySize: > 0 } relocations)
            entries.EnsureCapacity((int)(relocations.Size / relocations.EntrySize)); // the PLT entries join the list later
        int table = symbols.Sections.FindIndex(s => s.Name == ".symtab" && s.Type == ElfFile.ShtSymtab);
        if (table < 0)
            table = symbols.Sections.FindIndex(s => s.Name == ".dynsym" && s.Type == ElfFile.ShtDynsym);
        byte[] strings = table >= 0 ? ReadTable(symbols, runtime, symbols.Sections[table], entries) : [];
        if (entries.Count == 0)
            return SymbolTable.Empty;
        var (plt, pltNames) = Plt(runtime, demangler, strings.Length);
        byte[] names = pltNames.Count == 0 ? strings : [.. strings, .. pltNames];
        return SymbolTable.Build(entries, names, kallsyms: false, plt, demangler);
    }

    /// <summary>Adds the table's symbols to <paramref name="into"/>; returns the string table their names are slices of.</summary>
    static byte[] ReadTable(ElfFile file, ElfFile runtime, ElfFile.Section table, List<SymbolTable.Entry> into)
    {
        if (table.Link >= file.Sections.Count)
            return [];
        var strings = file.ReadSection(file.Sections[(int)table.Link]);
        var rented = file.RentSection(table, out int length);
        try
        {
            AddSymbols(file, runtime, rented.AsSpan(0, length), strings, into);
        }
        finally
        {
            ElfFile.Return(rented);
        }
        return strings;
    }

    static void AddSymbols(ElfFile file, ElfFile runtime, ReadOnlySpan<byte> bytes, byte[] strings, List<SymbolTable.Entry> into)
    {
        // which sections hold text labels, decided once per section rather than once per symbol
        var textSections = file.Sections.ConvertAll(s => s.Name.Contains("text", StringComparison.Ordinal));
        into.EnsureCapacity(into.Capacity + bytes.Length / 24);
        for (int at = 0; at + 24 <= bytes.Length; at += 24)
        {
            var sym = bytes.Slice(at, 24);
            uint name = ReadUInt32LittleEndian(sym);
            byte info = sym[4];
            ushort shndx = ReadUInt16LittleEndian(sym[6..]);
            ulong value = ReadUInt64LittleEndian(sym[8..]);
            ulong size = ReadUInt64LittleEndian(sym[16..]);
            byte type = (byte)(info & 0xf);
            if (name == 0 || name >= strings.Length || shndx == ShnUndef || shndx >= ShnLoreserve || shndx >= file.Sections.Count)
                continue;
            bool label = type == SttNotype;
            if (!label && type is not (SttFunc or SttGnuIfunc or SttObject))
                continue;
            if (label && !textSections[shndx])
                continue;
            int length = strings.AsSpan((int)name).IndexOf((byte)0);
            if (length == 0)
                continue;
            if (length < 0)
                length = strings.Length - (int)name;
            ulong start = ToFileOffset(runtime, value, file.Sections[shndx]);
            into.Add(new SymbolTable.Entry(start, start + size, (byte)(info >> 4), (int)name, length));
        }
    }

    /// <summary>perf's adjustment: through the load segment holding the address, else the symbol's section.</summary>
    static ulong ToFileOffset(ElfFile runtime, ulong address, ElfFile.Section section)
    {
        foreach (var segment in runtime.Segments)
        {
            if (segment.Type != ElfFile.PtLoad)
                continue;
            ulong size = Math.Max(segment.MemorySize, segment.FileSize);
            if (size != 0 && address >= segment.VirtualAddress && address < segment.VirtualAddress + size)
                return address - (segment.VirtualAddress - segment.Offset);
        }
        return address - (section.Address - section.Offset);
    }

    /// <summary>One `name@plt` per .rela.plt (or .rel.plt) entry, in .plt after its header, sized as perf sizes them.</summary>
    /// <returns>The entries, their names slices of the returned bytes placed at <paramref name="namesAt"/> of the table's names.</returns>
    static (List<SymbolTable.Entry> Entries, List<byte> Names) Plt(ElfFile elf, SymbolDemangler? demangler, int namesAt)
    {
        var result = new List<SymbolTable.Entry>();
        var names = new List<byte>();
        int dynsym = elf.IndexOf(".dynsym");
        if (dynsym < 0 || elf.Sections[dynsym].Type != ElfFile.ShtDynsym)
            return (result, names);
        var relocations = elf.Find(".rela.plt") ?? elf.Find(".rel.plt");
        if (relocations is not { } rel || rel.Link != dynsym || rel.EntrySize == 0 || elf.Find(".plt") is not { } plt)
            return (result, names);
        var (header, entry) = elf.Machine switch
        {
            40 => (20UL, 12UL),      // ARM
            183 => (32UL, 16UL),     // AArch64
            43 => (128UL, 32UL),     // SPARC V9
            2 => (48UL, 12UL),       // SPARC
            _ => (plt.EntrySize, plt.EntrySize),
        };
        if (elf.Sections[dynsym].Link >= elf.Sections.Count)
            return (result, names);
        bool rela = rel.Type == ElfFile.ShtRela;
        if (!rela && rel.Type != ElfFile.ShtRel)
            return (result, names);
        // three sections read once and dropped: pooled arrays, not fresh memory
        var relBytes = elf.RentSection(rel, out int relLength);
        var symbols = elf.RentSection(elf.Sections[dynsym], out int symbolsLength);
        var strings = elf.RentSection(elf.Sections[(int)elf.Sections[dynsym].Link], out int stringsLength);
        try
        {
            if (stringsLength == 0)
                return (result, names);
            var stringTable = strings.AsSpan(0, stringsLength);
            ulong offset = plt.Offset + header;
            for (int at = 0; at + (int)rel.EntrySize <= relLength; at += (int)rel.EntrySize)
            {
                ulong info = ReadUInt64LittleEndian(relBytes.AsSpan(at + 8));
                int symbol = (int)(info >> 32);
                ReadOnlySpan<byte> name = symbol * 24 + 24 <= symbolsLength
                    ? ElfFile.CStringBytes(stringTable, ReadUInt32LittleEndian(symbols.AsSpan(symbol * 24)))
                    : [];
                ReadOnlySpan<byte> shown = demangler?.Demangle(name) ?? name;
                int nameStart = namesAt + names.Count;
                names.AddRange(shown);
                names.AddRange("@plt"u8);
                result.Add(new SymbolTable.Entry(offset, offset + entry, SymbolTable.BindGlobal, nameStart, shown.Length + 4, Shown: true));
                offset += entry;
            }
        }
        finally
        {
            ElfFile.Return(relBytes);
            ElfFile.Return(symbols);
            ElfFile.Return(strings);
        }
        return (result, names);
    }
}
