using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// Turns one symbol (one part of an `a-&gt;b` inline chain) into the frame name stackcollapse-perf.pl
/// prints: `[unknown]` named after the dso, `;` to `:`, argument lists cut from the first `(`
/// (not `(anonymous namespace)`, not in Go methods `pkg.(*T).M`), quotes deleted, Java's leading
/// `L` dropped, then the `_[i]`, `_[k]` or `_[j]` annotation.
/// </summary>
sealed class FrameCleaner(PerfCollapseOptions options)
{
    static readonly SearchValues<byte> NeedsTidy = SearchValues.Create(";(\"'"u8);
    /// <summary>Bytes that send a symbol off the fast path: tidy characters and the '-' of "-&gt;".</summary>
    public static readonly SearchValues<byte> NotPlain = SearchValues.Create(";(\"'-"u8);
    static readonly SearchValues<byte> SemicolonOrQuote = SearchValues.Create(";\"'"u8);

    readonly ByteBuffer _unknownName = new(64);

    /// <summary>Facts about the frame's dso, worked out once per frame line.</summary>
    public readonly struct ModuleFacts(bool isKernel, bool isJit)
    {
        public bool IsKernel { get; } = isKernel;
        public bool IsJit { get; } = isJit;
    }

    readonly ByteBuffer _lastModule = new(128);
    ModuleFacts _lastFacts;

    /// <summary>Frames come in runs from the same dso, so the last answer is kept.</summary>
    public ModuleFacts Inspect(ReadOnlySpan<byte> module)
    {
        if (!options.AnnotateKernel && !options.AnnotateJit)
            return default;
        if (module.SequenceEqual(_lastModule.Span))
            return _lastFacts;
        _lastModule.Set(module);
        return _lastFacts = new(
            options.AnnotateKernel && IsKernelModule(module),
            options.AnnotateJit && IsPerfMap(module));
    }

    /// <param name="partIndex">0 for the outer function of an inline chain; later parts get `_[i]`.</param>
    /// <param name="unknown">Set when the frame is `[unknown]` in an unknown dso (it has no source line).</param>
    /// <param name="scratch">Holds the name when it differs from a slice of the input.</param>
    /// <returns>The frame name: a slice of <paramref name="part"/> when nothing changes, else of <paramref name="scratch"/>.</returns>
    /// <param name="plain">The caller saw none of `;("'` in <paramref name="part"/>.</param>
    public ReadOnlySpan<byte> Clean(ReadOnlySpan<byte> part, ReadOnlySpan<byte> pc, ReadOnlySpan<byte> module, ModuleFacts facts,
        bool javaProcess, int partIndex, ref bool unknown, ByteBuffer scratch, bool plain = false)
    {
        ReadOnlySpan<byte> name = part;
        if (part.Length == 9 && part.SequenceEqual("[unknown]"u8))
        {
            if (NameUnknown(pc, module))
                unknown = true;
            name = _unknownName.Span;
            plain = false;
        }

        if (!plain && name.IndexOfAny(NeedsTidy) >= 0)
        {
            name = Tidy(name, scratch);
        }

        if (javaProcess && name.Length > 0 && name[0] == (byte)'L' && name.Contains((byte)'/'))
            name = name[1..];

        ReadOnlySpan<byte> annotation = default;
        if (partIndex > 0)
        {
            if (name.IndexOf("_[i]"u8) < 0)
                annotation = "_[i]"u8;
        }
        else if (facts.IsKernel)
        {
            annotation = "_[k]"u8;
        }
        else if (facts.IsJit && name.IndexOf("_[j]"u8) < 0)
        {
            annotation = "_[j]"u8;
        }
        if (annotation.IsEmpty)
            return name;
        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(name), ref MemoryMarshal.GetReference(scratch.Span)) || name.Length != scratch.Length)
            scratch.Set(name);
        scratch.Append(annotation);
        return scratch.Span;
    }

    /// <summary>`;` to `:`, cut at the argument list (unless a Go method), quotes deleted.</summary>
    static ReadOnlySpan<byte> Tidy(ReadOnlySpan<byte> func, ByteBuffer scratch)
    {
        int cut = func.Contains((byte)'(') && !IsGoMethod(func) ? ArgumentListStart(func) : func.Length;
        func = func[..cut];
        scratch.Clear();
        while (true)
        {
            int special = func.IndexOfAny(SemicolonOrQuote);
            if (special < 0)
            {
                scratch.Append(func);
                return scratch.Span;
            }
            scratch.Append(func[..special]);
            if (func[special] == (byte)';')
                scratch.Append((byte)':');
            func = func[(special + 1)..];
        }
    }

    /// <returns>True when the dso is unknown too.</returns>
    bool NameUnknown(ReadOnlySpan<byte> pc, ReadOnlySpan<byte> module)
    {
        bool unknown = false;
        _unknownName.Clear();
        _unknownName.Append((byte)'[');
        if (!module.SequenceEqual("[unknown]"u8))
        {
            _unknownName.Append(module[(module.LastIndexOf((byte)'/') + 1)..]);
        }
        else
        {
            _unknownName.Append("unknown"u8);
            unknown = true;
        }
        if (options.IncludeAddresses)
        {
            _unknownName.Append(" <"u8);
            _unknownName.Append(pc);
            _unknownName.Append((byte)'>');
        }
        _unknownName.Append((byte)']');
        return unknown;
    }

    /// <summary>Perl's `/\.\(.*\)\./`: a ".(" with a ")." somewhere after it.</summary>
    static bool IsGoMethod(ReadOnlySpan<byte> func)
    {
        // Walk the '(' bytes (few) rather than search for the two-byte ".(" across the name.
        int from = 0;
        while (true)
        {
            int open = func[from..].IndexOf((byte)'(');
            if (open < 0)
                return false;
            open += from;
            if (open > 0 && func[open - 1] == (byte)'.')
                return func[(open + 1)..].IndexOf(")."u8) >= 0;
            from = open + 1;
        }
    }

    /// <summary>The first `(` that does not open `(anonymous namespace)`, or the length when there is none.</summary>
    static int ArgumentListStart(ReadOnlySpan<byte> func)
    {
        int from = 0;
        while (true)
        {
            int paren = func[from..].IndexOf((byte)'(');
            if (paren < 0)
                return func.Length;
            paren += from;
            if (!func[(paren + 1)..].StartsWith("anonymous namespace)"u8))
                return paren;
            from = paren + 1;
        }
    }

    /// <summary>`$mod =~ m/(^\[|vmlinux$)/ &amp;&amp; $mod !~ /unknown/`.</summary>
    static bool IsKernelModule(ReadOnlySpan<byte> module) =>
        (module.StartsWith("["u8) || module.EndsWith("vmlinux"u8)) && module.IndexOf("unknown"u8) < 0;

    /// <summary>`$mod =~ m:/tmp/perf-\d+\.map:`.</summary>
    static bool IsPerfMap(ReadOnlySpan<byte> module)
    {
        ReadOnlySpan<byte> prefix = "/tmp/perf-"u8;
        int from = 0;
        while (true)
        {
            int at = module[from..].IndexOf(prefix);
            if (at < 0)
                return false;
            int digits = from + at + prefix.Length;
            int end = PerlChars.SkipDigits(module, digits);
            if (end > digits && module[end..].StartsWith(".map"u8))
                return true;
            from = from + at + 1;
        }
    }

    /// <summary>`$mod !~ m/(perf-\d+.map|kernel\.|\[[^\]]+\])/`: dsos --inline hands to addr2line.</summary>
    public static bool CanInline(ReadOnlySpan<byte> module)
    {
        if (module.IndexOf("kernel."u8) >= 0)
            return false;
        for (int i = 0; i < module.Length; i++)
        {
            if (module[i] == (byte)'[')
            {
                int close = module[(i + 1)..].IndexOf((byte)']');
                if (close > 0)
                    return false;
            }
            else if (module[i..].StartsWith("perf-"u8))
            {
                int end = PerlChars.SkipDigits(module, i + 5);
                // `\d+.map`: any byte before "map", which may be the last digit
                if (end > i + 5 && end + 4 <= module.Length && module.Slice(end + 1, 3).SequenceEqual("map"u8))
                    return false;
                if (end > i + 6 && module[end..].StartsWith("map"u8))
                    return false;
            }
        }
        return true;
    }
}
