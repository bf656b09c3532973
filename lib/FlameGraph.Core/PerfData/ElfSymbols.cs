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
        if (table >= 0)
            ReadTable(symbols, runtime, symbols.Sections[table], entries);
        if (entries.Count == 0)
            return SymbolTable.Empty;
        return SymbolTable.Build(entries, kallsyms: false, Plt(runtime, demangler), demangler);
    }

    static void ReadTable(ElfFile file, ElfFile runtime, ElfFile.Section table, List<SymbolTable.Entry> into)
    {
        var bytes = file.ReadSection(table);
        if (table.Link >= file.Sections.Count)
            return;
        var strings = file.ReadSection(file.Sections[(int)table.Link]);
        for (int at = 0; at + 24 <= bytes.Length; at += 24)
        {
            var sym = bytes.AsSpan(at, 24);
            uint name = ReadUInt32LittleEndian(sym);
            byte info = sym[4];
            ushort shndx = ReadUInt16LittleEndian(sym[6..]);
            ulong value = ReadUInt64LittleEndian(sym[8..]);
            ulong size = ReadUInt64LittleEndian(sym[16..]);
            byte type = (byte)(info & 0xf);
            if (name == 0 || shndx == ShnUndef || shndx >= ShnLoreserve || shndx >= file.Sections.Count)
                continue;
            var section = file.Sections[shndx];
            bool label = type == SttNotype;
            if (!label && type is not (SttFunc or SttGnuIfunc or SttObject))
                continue;
            if (label && !section.Name.Contains("text", StringComparison.Ordinal))
                continue;
            ulong start = ToFileOffset(runtime, value, section);
            var symbolName = ElfFile.CStringMemory(strings, name);
            if (symbolName.IsEmpty)
                continue;
            into.Add(new SymbolTable.Entry(start, start + size, (byte)(info >> 4), symbolName));
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
    static List<SymbolTable.Entry> Plt(ElfFile elf, SymbolDemangler? demangler)
    {
        var result = new List<SymbolTable.Entry>();
        int dynsym = elf.IndexOf(".dynsym");
        if (dynsym < 0 || elf.Sections[dynsym].Type != ElfFile.ShtDynsym)
            return result;
        var relocations = elf.Find(".rela.plt") ?? elf.Find(".rel.plt");
        if (relocations is not { } rel || rel.Link != dynsym || rel.EntrySize == 0 || elf.Find(".plt") is not { } plt)
            return result;
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
            return result;
        var strings = elf.ReadSection(elf.Sections[(int)elf.Sections[dynsym].Link]);
        if (strings.Length == 0)
            return result;
        bool rela = rel.Type == ElfFile.ShtRela;
        if (!rela && rel.Type != ElfFile.ShtRel)
            return result;
        ulong offset = plt.Offset + header;
        for (int at = 0; at + (int)rel.EntrySize <= relBytes.Length; at += (int)rel.EntrySize)
        {
            ulong info = ReadUInt64LittleEndian(relBytes.AsSpan(at + 8));
            int symbol = (int)(info >> 32);
            ReadOnlySpan<byte> name = symbol * 24 + 24 <= symbols.Length
                ? ElfFile.CStringBytes(strings, ReadUInt32LittleEndian(symbols.AsSpan(symbol * 24)))
                : [];
            byte[] shown = demangler?.Demangle(name) ?? name.ToArray();
            byte[] pltName = [.. shown, .. "@plt"u8];
            result.Add(new SymbolTable.Entry(offset, offset + entry, SymbolTable.BindGlobal, pltName, Shown: true));
            offset += entry;
        }
        return result;
    }
}
