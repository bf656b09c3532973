using System.Diagnostics;
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
        _symbols = new Lazy<SymbolTable>(() => Timed(() => DsoLoader.Load(this, demangler)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Set on the thread that reads symbol tables ahead of the samples.</summary>
    [ThreadStatic]
    public static bool OnPrefetchThread;

    /// <summary>How long reading the symbols took (Stopwatch ticks), and whether it was done ahead.</summary>
    public long LoadTicks { get; private set; }

    public bool LoadedAhead { get; private set; }

    /// <summary>How long samples waited for its symbols (read then, or being read ahead).</summary>
    public long WaitTicks { get; private set; }

    SymbolTable Timed(Func<SymbolTable> load)
    {
        long start = Stopwatch.GetTimestamp();
        var table = load();
        LoadTicks = Stopwatch.GetTimestamp() - start;
        LoadedAhead = OnPrefetchThread;
        return table;
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
            if (_symbols.IsValueCreated)
                return _symbols.Value;
            long start = Stopwatch.GetTimestamp();
            var table = _symbols.Value;
            WaitTicks += Stopwatch.GetTimestamp() - start;
            return table;
        }
    }

    /// <summary>Reads the symbols now, ahead of the first lookup (on a thread of its own).</summary>
    public void Prefetch() => _ = _symbols.Value;
}
