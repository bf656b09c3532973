using System.Text;

namespace FlameGraph.Bench;

enum FrameKind { User, Kernel, Jit, Unknown }

/// <summary>One symbol of a synthetic program: what perf prints for it and what a collapser makes of it.</summary>
sealed class Function
{
    public Function(string name, string dso, ulong address, int size, FrameKind kind, bool printsOffset)
    {
        Name = name;
        Dso = dso;
        Address = address;
        Size = size;
        Kind = kind;
        PrintsOffset = printsOffset;
        NameBytes = Encoding.UTF8.GetBytes(name);
        DsoSuffixBytes = Encoding.UTF8.GetBytes(" (" + dso + ")\n");
        FoldedNameBytes = Encoding.UTF8.GetBytes(FoldedName(name, dso, kind));
    }

    public string Name { get; }
    public string Dso { get; }
    public ulong Address { get; }
    public int Size { get; }
    public FrameKind Kind { get; }

    /// <summary>Whether perf prints "+0x1a" after the symbol (newer perf does; [unknown] never has one).</summary>
    public bool PrintsOffset { get; }

    public byte[] NameBytes { get; }

    /// <summary>" (dso)\n": the end of the frame line.</summary>
    public byte[] DsoSuffixBytes { get; }

    /// <summary>The frame as a folded stack written with annotations shows it: no parameter list, _[k] / _[j] suffixes.</summary>
    public byte[] FoldedNameBytes { get; }

    static string FoldedName(string name, string dso, FrameKind kind)
    {
        if (kind == FrameKind.Unknown)
            return dso == "[unknown]" ? "[unknown]" : "[" + Path.GetFileName(dso) + "]";
        string bare = name.EndsWith(')') || name.EndsWith(") const") ? name[..ParameterListStart(name)] : name;
        return kind switch
        {
            FrameKind.Kernel => bare + "_[k]",
            FrameKind.Jit => bare + "_[j]",
            _ => bare,
        };
    }

    /// <summary>Where the final "(...)" of a C++ name starts, matching parentheses from the end.</summary>
    static int ParameterListStart(string name)
    {
        int depth = 0;
        for (int i = name.LastIndexOf(')'); i >= 0; i--)
        {
            if (name[i] == ')')
                depth++;
            else if (name[i] == '(' && --depth == 0)
                return i;
        }
        return name.Length;
    }
}

/// <summary>All symbols of all synthetic programs; frames refer to them by index.</summary>
sealed class FunctionTable
{
    readonly List<Function> _functions = [];
    ulong _nextUserAddress = 0x7f1e21000000;
    ulong _nextKernelAddress = 0xffffffff81000000;

    public Function this[int id] => _functions[id];

    public int Add(string name, string dso, FrameKind kind, Rng rng, bool printsOffset = true)
    {
        int size = rng.Next(0x20, 0x900);
        ulong address;
        if (kind == FrameKind.Kernel)
        {
            address = _nextKernelAddress;
            _nextKernelAddress += (ulong)size + 0x10;
        }
        else
        {
            address = _nextUserAddress;
            _nextUserAddress += (ulong)size + 0x40;
        }
        _functions.Add(new Function(name, dso, address, size, kind, printsOffset && kind != FrameKind.Unknown));
        return _functions.Count - 1;
    }

    public int[] AddAll(IEnumerable<string> names, string dso, FrameKind kind, Rng rng, bool printsOffset = true) =>
        names.Select(name => Add(name, dso, kind, rng, printsOffset)).ToArray();
}
