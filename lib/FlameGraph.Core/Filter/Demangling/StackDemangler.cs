using System.Text;

namespace FlameGraph.Filter.Demangling;

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
    byte[] _output = new byte[256];

    /// <summary>
    /// The stack with its frames demangled (valid until the next call). Frames with nothing to
    /// demangle are copied byte for byte, so bytes that are not UTF-8 survive untouched.
    /// </summary>
    public ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> stack)
    {
        int written = 0;
        bool changed = false;
        var rest = stack;
        while (true)
        {
            int semi = rest.IndexOf((byte)';');
            var frame = semi < 0 ? rest : rest[..semi];
            ReadOnlySpan<byte> result = frame;
            if (MayNeedWork(frame))
            {
                string text = Encoding.UTF8.GetString(frame);
                string demangled = DemangleFrame(text);
                if (!ReferenceEquals(demangled, text))
                {
                    result = Encoding.UTF8.GetBytes(demangled);
                    changed = true;
                }
            }
            Append(ref written, result, separator: semi >= 0);
            if (semi < 0)
                break;
            rest = rest[(semi + 1)..];
        }
        return changed ? _output.AsSpan(0, written) : stack;
    }

    void Append(ref int written, ReadOnlySpan<byte> frame, bool separator)
    {
        int needed = written + frame.Length + 1;
        if (_output.Length < needed)
            Array.Resize(ref _output, Math.Max(needed, _output.Length * 2));
        frame.CopyTo(_output.AsSpan(written));
        written += frame.Length;
        if (separator)
            _output[written++] = (byte)';';
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

    /// <summary>Cheap test on a frame's bytes: a possible symbol start, or a trailing Rust hash.</summary>
    static bool MayNeedWork(ReadOnlySpan<byte> frame) =>
        frame.IndexOf("_Z"u8) >= 0 || frame.IndexOf("_R"u8) >= 0
        || (frame.Length >= 17 && frame[^17] == (byte)'h' && frame[^16..].IndexOfAnyExcept(HexDigits) < 0);

    static readonly System.Buffers.SearchValues<byte> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF"u8);
}
