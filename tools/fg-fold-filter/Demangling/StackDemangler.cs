using System.Text;

namespace FlameGraph.FoldFilter.Demangling;

/// <summary>
/// Demangles the symbols inside each frame of a stack, in process. A symbol is a run of
/// `[A-Za-z0-9_$.]` starting with `_Z`, `__Z`, `_R` or `__R` (not inside a longer word), so
/// `_ZN3foo3barEv_[k]` and `[_ZN3fooEv]` work too. Rust legacy names are tried first, then
/// Rust v0, then C++; a symbol none of them reads stays as it is. A frame that still ends with
/// a legacy Rust hash is then fixed like inferno fixes perf's partly demangled Rust names.
/// `;` in a demangled name becomes `:`, as the collapsers write it, so frames stay frames.
/// </summary>
public sealed class StackDemangler
{
    readonly StringBuilder _stack = new();

    public ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> stack)
    {
        if (!MayNeedWork(stack))
            return stack;
        string text = Encoding.UTF8.GetString(stack);
        _stack.Clear();
        bool changed = false;
        int start = 0;
        while (true)
        {
            int semi = text.IndexOf(';', start);
            string frame = semi < 0 ? text[start..] : text[start..semi];
            string result = DemangleFrame(frame);
            changed |= !ReferenceEquals(result, frame);
            if (start > 0)
                _stack.Append(';');
            _stack.Append(result);
            if (semi < 0)
                break;
            start = semi + 1;
        }
        return changed ? Encoding.UTF8.GetBytes(_stack.ToString()) : stack;
    }

    /// <summary>Demangles the symbols in one frame; returns the same instance when nothing changed.</summary>
    public static string DemangleFrame(string frame)
    {
        string result = frame;
        StringBuilder? output = null;
        int copied = 0;
        for (int i = 0; i < frame.Length; i++)
        {
            if (!StartsSymbol(frame, i) || (i > 0 && IsSymbolChar(frame[i - 1])))
                continue;
            int tokenEnd = i;
            while (tokenEnd < frame.Length && IsSymbolChar(frame[tokenEnd]))
                tokenEnd++;
            int end = tokenEnd;
            string? demangled = DemangleSymbol(frame[i..end]);
            // perf-style annotations such as `_[k]` glue a '_' to the symbol: try without it.
            while (demangled is null && end - i > 2 && frame[end - 1] == '_')
                demangled = DemangleSymbol(frame[i..--end]);
            if (demangled is null)
            {
                i = tokenEnd - 1;
                continue;
            }
            output ??= new StringBuilder(frame.Length * 2);
            output.Append(frame, copied, i - copied).Append(demangled.Replace(';', ':'));
            copied = end;
            i = end - 1;
        }
        if (output is not null)
            result = output.Append(frame, copied, frame.Length - copied).ToString();
        if (RustPartialFix.Fix(result) is { } fixed_)
            result = fixed_.Replace(';', ':');
        return result;
    }

    public static string? DemangleSymbol(string symbol) =>
        RustLegacyDemangler.Demangle(symbol) ?? RustV0Demangler.Demangle(symbol) ?? ItaniumDemangler.Demangle(symbol);

    static bool StartsSymbol(string s, int i)
    {
        if (s[i] != '_' || i + 1 >= s.Length)
            return false;
        char next = s[i + 1];
        if (next == '_' && i + 2 < s.Length)
            next = s[i + 2];
        return next is 'Z' or 'R';
    }

    static bool IsSymbolChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '.';

    /// <summary>Cheap test on the bytes: a possible symbol start, or a frame ending in a Rust hash.</summary>
    static bool MayNeedWork(ReadOnlySpan<byte> stack)
    {
        if (stack.IndexOf("_Z"u8) >= 0 || stack.IndexOf("_R"u8) >= 0)
            return true;
        while (true)
        {
            int semi = stack.IndexOf((byte)';');
            var frame = semi < 0 ? stack : stack[..semi];
            if (frame.Length >= 17 && frame[^17] == (byte)'h' && frame[^16..].IndexOfAnyExcept(HexDigits) < 0)
                return true;
            if (semi < 0)
                return false;
            stack = stack[(semi + 1)..];
        }
    }

    static readonly System.Buffers.SearchValues<byte> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF"u8);
}
