using System.Buffers;

namespace FlameGraph.CollapsePerf;

/// <summary>
/// Turns one symbol (one part of an `a->b` inline chain) into the frame name stackcollapse-perf.pl
/// prints: `[unknown]` named after the dso, `;` to `:`, argument lists cut from the first `(`
/// (not `(anonymous namespace)`, not in Go methods `pkg.(*T).M`), quotes deleted, Java's leading
/// `L` dropped, then the `_[i]`, `_[k]` or `_[j]` annotation.
/// </summary>
sealed class FrameCleaner(PerfCollapseOptions options)
{
    static readonly SearchValues<byte> NeedsTidy = SearchValues.Create(";(\"'"u8);

    readonly ByteBuffer _unknownName = new(64);

    /// <summary>Facts about the frame's dso, worked out once per frame line.</summary>
    public readonly struct ModuleFacts(bool isKernel, bool isJit)
    {
        public bool IsKernel { get; } = isKernel;
        public bool IsJit { get; } = isJit;
    }

    public ModuleFacts Inspect(ReadOnlySpan<byte> module) => new(
        options.AnnotateKernel && IsKernelModule(module),
        options.AnnotateJit && IsPerfMap(module));

    /// <param name="partIndex">0 for the outer function of an inline chain; later parts get `_[i]`.</param>
    /// <param name="unknown">Set when the frame is `[unknown]` in an unknown dso (it has no source line).</param>
    public void Clean(ReadOnlySpan<byte> part, ReadOnlySpan<byte> pc, ReadOnlySpan<byte> module, ModuleFacts facts,
        bool javaProcess, int partIndex, ref bool unknown, ByteBuffer output)
    {
        output.Clear();
        ReadOnlySpan<byte> func = part;
        if (part.SequenceEqual("[unknown]"u8))
        {
            if (NameUnknown(pc, module))
                unknown = true;
            func = _unknownName.Span;
        }

        int special = func.IndexOfAny(NeedsTidy);
        if (special < 0)
        {
            output.Append(func);
        }
        else
        {
            int cut = IsGoMethod(func) ? func.Length : ArgumentListStart(func);
            foreach (byte b in func[..cut])
            {
                if (b == (byte)';')
                    output.Append((byte)':');
                else if (b != (byte)'"' && b != (byte)'\'')
                    output.Append(b);
            }
        }

        var name = output.Span;
        if (javaProcess && name.Length > 0 && name[0] == (byte)'L' && name.Contains((byte)'/'))
            output.RemoveStart(1);

        if (partIndex > 0)
        {
            if (output.Span.IndexOf("_[i]"u8) < 0)
                output.Append("_[i]"u8);
        }
        else if (facts.IsKernel)
        {
            output.Append("_[k]"u8);
        }
        else if (facts.IsJit && output.Span.IndexOf("_[j]"u8) < 0)
        {
            output.Append("_[j]"u8);
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
        int open = func.IndexOf(".("u8);
        return open >= 0 && func.LastIndexOf(")."u8) >= open + 2;
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

    /// <summary>`$mod =~ m/(^\[|vmlinux$)/ && $mod !~ /unknown/`.</summary>
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
