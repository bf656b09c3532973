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
        var bytes = file.ReadSection(table);
        if (table.Link >= file.Sections.Count)
            return [];
        var strings = file.ReadSection(file.Sections[(int)table.Link]);
        // which sections hold text labels, decided once per section rather than once per symbol
        var textSections = file.Sections.ConvertAll(s => s.Name.Contains("text", StringComparison.Ordinal));
        into.EnsureCapacity(bytes.Length / 24);
        for (int at = 0; at + 24 <= bytes.Length; at += 24)
        {
            var sym = bytes.AsSpan(at, 24);
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
        return strings;
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
        var relBytes = elf.ReadSection(rel);
        var symbols = elf.ReadSection(elf.Sections[dynsym]);
        if (elf.Sections[dynsym].Link >= elf.Sections.Count)
            return (result, names);
        var strings = elf.ReadSection(elf.Sections[(int)elf.Sections[dynsym].Link]);
        if (strings.Length == 0)
            return (result, names);
        bool rela = rel.Type == ElfFile.ShtRela;
        if (!rela && rel.Type != ElfFile.ShtRel)
            return (result, names);
        ulong offset = plt.Offset + header;
        for (int at = 0; at + (int)rel.EntrySize <= relBytes.Length; at += (int)rel.EntrySize)
        {
            ulong info = ReadUInt64LittleEndian(relBytes.AsSpan(at + 8));
            int symbol = (int)(info >> 32);
            ReadOnlySpan<byte> name = symbol * 24 + 24 <= symbols.Length
                ? ElfFile.CStringBytes(strings, ReadUInt32LittleEndian(symbols.AsSpan(symbol * 24)))
                : [];
            byte[] shown = demangler?.Demangle(name) ?? name.ToArray();
            int nameStart = namesAt + names.Count;
            names.AddRange(shown);
            names.AddRange("@plt"u8);
            result.Add(new SymbolTable.Entry(offset, offset + entry, SymbolTable.BindGlobal, nameStart, shown.Length + 4, Shown: true));
            offset += entry;
        }
        return (result, names);
    }
}
