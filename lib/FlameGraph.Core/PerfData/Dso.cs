using System.Text;

namespace FlameGraph.PerfData;

/// <summary>What kind of object a map shows, which decides where its symbols come from.</summary>
enum DsoKind { File, Kernel, Vdso, PerfMap, NoFile }

/// <summary>
/// A mapped object (a file, the kernel, the vdso, a JIT's perf map), shared by every map of
/// it; its symbols are read once, on the first lookup.
/// </summary>
sealed class Dso(byte[] name, DsoKind kind, SymbolDemangler? demangler = null, int id = 0)
{
    SymbolTable? _symbols;

    /// <summary>Its number within the recording (0, 1, 2...), for tables indexed by dso.</summary>
    public int Id { get; } = id;

    /// <summary>The name perf script prints between parentheses: the mapped file's path as recorded.</summary>
    public byte[] Name { get; } = name;

    /// <summary>The name as a path to open.</summary>
    public string Path { get; } = Encoding.UTF8.GetString(name);

    public DsoKind Kind { get; } = kind;

    /// <summary>The build-id the recording gives for it (lowercase hex), or null.</summary>
    public string? BuildId { get; set; }

    /// <summary>True once a lookup found no symbol source for it (no file, no debug file, no kallsyms).</summary>
    public bool NoSymbols { get; private set; }

    public SymbolTable Symbols
    {
        get
        {
            if (_symbols is null)
            {
                _symbols = DsoLoader.Load(this, demangler);
                NoSymbols = _symbols.Count == 0;
            }
            return _symbols;
        }
    }
}
