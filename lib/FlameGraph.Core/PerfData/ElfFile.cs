using System.Text;
using Microsoft.Win32.SafeHandles;
using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// A small reader of 64-bit little-endian ELF files: section and program headers, and a
/// section's bytes on demand. Only the parts symbolization needs are read from the file.
/// </summary>
sealed class ElfFile : IDisposable
{
    public const uint ShtProgbits = 1, ShtSymtab = 2, ShtRela = 4, ShtNobits = 8, ShtRel = 9, ShtDynsym = 11, ShtNote = 7;
    public const uint PtLoad = 1;

    public readonly record struct Section(string Name, uint Type, ulong Address, ulong Offset, ulong Size, uint Link, ulong EntrySize);

    public readonly record struct Segment(uint Type, ulong Offset, ulong VirtualAddress, ulong FileSize, ulong MemorySize);

    readonly SafeFileHandle _file;
    readonly long _length;

    public string Path { get; }
    public ushort Type { get; private set; }
    public ushort Machine { get; private set; }
    public List<Section> Sections { get; } = [];
    public List<Segment> Segments { get; } = [];

    ElfFile(string path, SafeFileHandle file)
    {
        Path = path;
        _file = file;
        _length = RandomAccess.GetLength(file);
    }

    /// <summary>Opens an ELF64 LSB file, or returns null (missing, not a regular file, not such an ELF, damaged headers).</summary>
    public static ElfFile? Open(string path)
    {
        SafeFileHandle handle;
        try
        {
            if (!File.Exists(path))
                return null;
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        var elf = new ElfFile(path, handle);
        try
        {
            if (elf.ReadHeaders())
                return elf;
        }
        catch (Exception e) when (e is IOException or ArgumentException or OverflowException)
        {
        }
        elf.Dispose();
        return null;
    }

    bool ReadHeaders()
    {
        var header = Read(0, 64);
        if (header.Length < 64 || !header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
            return false;
        Type = ReadUInt16LittleEndian(header.AsSpan(16));
        Machine = ReadUInt16LittleEndian(header.AsSpan(18));
        ulong phoff = ReadUInt64LittleEndian(header.AsSpan(32));
        ulong shoff = ReadUInt64LittleEndian(header.AsSpan(40));
        int phentsize = ReadUInt16LittleEndian(header.AsSpan(54));
        int phnum = ReadUInt16LittleEndian(header.AsSpan(56));
        int shentsize = ReadUInt16LittleEndian(header.AsSpan(58));
        int shnum = ReadUInt16LittleEndian(header.AsSpan(60));
        int shstrndx = ReadUInt16LittleEndian(header.AsSpan(62));

        if (phentsize >= 56 && phnum > 0)
        {
            var table = Read((long)phoff, phentsize * phnum);
            for (int i = 0; i + 56 <= table.Length; i += phentsize)
            {
                var p = table.AsSpan(i);
                Segments.Add(new Segment(ReadUInt32LittleEndian(p), ReadUInt64LittleEndian(p[8..]), ReadUInt64LittleEndian(p[16..]),
                    ReadUInt64LittleEndian(p[32..]), ReadUInt64LittleEndian(p[40..])));
            }
        }
        if (shentsize < 64 || shnum == 0 || shoff == 0)
            return true;
        var sections = Read((long)shoff, shentsize * shnum);
        if (sections.Length < shentsize * shnum || shstrndx >= shnum)
            return true;
        var raw = new List<(uint Name, Section Section)>();
        for (int i = 0; i < shnum; i++)
        {
            var s = sections.AsSpan(i * shentsize);
            raw.Add((ReadUInt32LittleEndian(s), new Section("", ReadUInt32LittleEndian(s[4..]), ReadUInt64LittleEndian(s[16..]),
                ReadUInt64LittleEndian(s[24..]), ReadUInt64LittleEndian(s[32..]), ReadUInt32LittleEndian(s[40..]), ReadUInt64LittleEndian(s[56..]))));
        }
        var names = raw[shstrndx].Section.Type == ShtNobits ? [] : ReadSection(raw[shstrndx].Section);
        foreach (var (name, section) in raw)
            Sections.Add(section with { Name = CString(names, name) });
        return true;
    }

    public int IndexOf(string name) => Sections.FindIndex(s => s.Name == name);

    public Section? Find(string name) => IndexOf(name) is var i and >= 0 ? Sections[i] : null;

    /// <summary>The section's bytes; empty for NOBITS or when it lies outside the file.</summary>
    public byte[] ReadSection(Section section) => HasBytes(section) ? Read((long)section.Offset, (int)section.Size) : [];

    /// <summary>Whether the section's bytes lie in the file (not NOBITS, not past the end).</summary>
    bool HasBytes(Section section) =>
        section.Type != ShtNobits && section.Offset <= (ulong)_length && section.Size <= (ulong)_length - section.Offset;

    /// <summary>
    /// The section's bytes in an array from the shared pool (longer than <paramref name="length"/>
    /// perhaps), for bytes read once and dropped: give it back with <see cref="Return"/>.
    /// </summary>
    public byte[] RentSection(Section section, out int length)
    {
        length = 0;
        if (!HasBytes(section))
            return [];
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent((int)section.Size);
        length = ReadInto(bytes.AsSpan(0, (int)section.Size), (long)section.Offset);
        return bytes;
    }

    public static void Return(byte[] rented)
    {
        if (rented.Length > 0)
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
    }

    int ReadInto(Span<byte> into, long offset)
    {
        int done = 0;
        while (done < into.Length)
        {
            int read = RandomAccess.Read(_file, into[done..], offset + done);
            if (read == 0)
                break;
            done += read;
        }
        return done;
    }

    byte[] Read(long offset, int size)
    {
        if (offset < 0 || offset >= _length)
            return [];
        size = (int)Math.Min(size, _length - offset);
        var bytes = GC.AllocateUninitializedArray<byte>(size); // filled next: no need to clear it first
        int done = ReadInto(bytes, offset);
        return done == size ? bytes : bytes[..done];
    }

    /// <summary>The GNU build-id note, looked for where perf looks: .note.gnu.build-id, .notes, .note.</summary>
    public string? BuildId()
    {
        foreach (string name in (ReadOnlySpan<string>)[".note.gnu.build-id", ".notes", ".note"])
        {
            if (Find(name) is not { } section)
                continue;
            return NoteBuildId(ReadSection(section));
        }
        return null;
    }

    /// <summary>Walks ELF notes for the GNU build-id (type 3, name "GNU").</summary>
    public static string? NoteBuildId(ReadOnlySpan<byte> notes)
    {
        int at = 0;
        while (at + 12 <= notes.Length)
        {
            int nameSize = (int)ReadUInt32LittleEndian(notes[at..]);
            int descSize = (int)ReadUInt32LittleEndian(notes[(at + 4)..]);
            uint type = ReadUInt32LittleEndian(notes[(at + 8)..]);
            at += 12;
            int nameEnd = at + Align4(nameSize);
            int descEnd = nameEnd + Align4(descSize);
            if (nameSize < 0 || descSize < 0 || descEnd > notes.Length || descEnd < at)
                return null;
            if (type == 3 && nameSize == 4 && notes.Slice(at, 4).SequenceEqual("GNU\0"u8))
                return Convert.ToHexStringLower(notes.Slice(nameEnd, Math.Min(descSize, 20)));
            at = descEnd;
        }
        return null;
    }

    static int Align4(int n) => (n + 3) & ~3;

    /// <summary>The file name in .gnu_debuglink, or null.</summary>
    public string? DebugLink()
    {
        if (Find(".gnu_debuglink") is not { } section)
            return null;
        var bytes = ReadSection(section);
        string name = CString(bytes, 0);
        return name.Length == 0 ? null : name;
    }

    public static string CString(byte[] bytes, uint offset)
    {
        if (offset >= bytes.Length)
            return "";
        var tail = bytes.AsSpan((int)offset);
        int nul = tail.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? tail : tail[..nul]);
    }

    /// <summary>The NUL-terminated string at <paramref name="offset"/> of a string table; empty outside it.</summary>
    public static ReadOnlySpan<byte> CStringBytes(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= table.Length)
            return [];
        var tail = table[(int)offset..];
        int nul = tail.IndexOf((byte)0);
        return nul < 0 ? tail : tail[..nul];
    }

    public void Dispose() => _file.Dispose();
}
