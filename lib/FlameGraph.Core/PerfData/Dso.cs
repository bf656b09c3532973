using System.Text;

namespace FlameGraph.PerfData;

/// <summary>What kind of object a map shows, which decides where its symbols come from.</summary>
enum DsoKind { File, Kernel, Vdso, PerfMap, NoFile }

/// <summary>
/// A mapped object (a file, the kernel, the vdso, a JIT's perf map), shared by every map of
/// it; its symbols are read once, on the first lookup or ahead of it on another thread
/// (<see cref="Prefetch"/>): whichever comes first reads them, the other waits.
/// </summary>
sealed class Dso
{
    readonly Lazy<SymbolTable> _symbols;

    public Dso(byte[] name, DsoKind kind, SymbolDemangler? demangler = null, int id = 0)
    {
        Name = name;
        Path = Encoding.UTF8.GetString(name);
        Kind = kind;
        Id = id;
        _symbols = new Lazy<SymbolTable>(() => DsoLoader.Load(this, demangler), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Its number within the recording (0, 1, 2...), for tables indexed by dso.</summary>
    public int Id { get; }

    /// <summary>The name perf script prints between parentheses: the mapped file's path as recorded.</summary>
    public byte[] Name { get; }

    /// <summary>The name as a path to open.</summary>
    public string Path { get; }

    public DsoKind Kind { get; }

    /// <summary>The build-id the recording gives for it (lowercase hex), or null. Set before its symbols are read.</summary>
    public string? BuildId { get; set; }

    /// <summary>True once a sample's frame was looked up in it.</summary>
    public bool Used { get; private set; }

    /// <summary>True when a sample's frame was looked up in it and it has no symbols (no file, no debug file, no kallsyms).</summary>
    public bool NoSymbols => Used && _symbols.Value.Count == 0;

    /// <summary>Its symbols, for a sample's frame.</summary>
    public SymbolTable Symbols
    {
        get
        {
            Used = true;
            return _symbols.Value;
        }
    }

    /// <summary>Reads the symbols now, ahead of the first lookup (on a thread of its own).</summary>
    public void Prefetch() => _ = _symbols.Value;
}
