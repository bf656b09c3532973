using System.Buffers;
using System.Text;

namespace FlameGraph.Filter.Demangling;

/// <summary>
/// Rust's legacy mangling: an Itanium-style `_ZN &lt;len&gt;&lt;ident&gt;... E` path whose last element is
/// the hash `h` + 16 hex digits. Printed as rustc-demangle's alternate form (`{:#}`): elements
/// joined by `::`, `$..$` escapes decoded, the hash left out. A `.llvm.&lt;hex&gt;` suffix is dropped;
/// another `.suffix` is kept, as rustc-demangle keeps it.
/// </summary>
public static class RustLegacyDemangler
{
    public static string? Demangle(string symbol)
    {
        int start = symbol.StartsWith("_ZN", StringComparison.Ordinal) ? 3
            : symbol.StartsWith("__ZN", StringComparison.Ordinal) ? 4
            : symbol.StartsWith("ZN", StringComparison.Ordinal) ? 2 : -1;
        if (start < 0)
            return null;
        int llvm = symbol.IndexOf(".llvm.", StringComparison.Ordinal);
        if (llvm >= 0 && symbol.AsSpan(llvm + 6).IndexOfAnyExcept(LlvmSuffixChars) < 0)
            symbol = symbol[..llvm];

        var elements = new List<(int Start, int Length)>();
        int pos = start;
        while (true)
        {
            if (pos >= symbol.Length)
                return null;
            if (symbol[pos] == 'E')
            {
                pos++;
                break;
            }
            int length = 0;
            int digits = pos;
            while (pos < symbol.Length && char.IsAsciiDigit(symbol[pos]))
            {
                length = length * 10 + (symbol[pos++] - '0');
                if (length > symbol.Length)
                    return null;
            }
            if (pos == digits || length == 0 || pos + length > symbol.Length)
                return null;
            elements.Add((pos, length));
            pos += length;
        }
        string suffix = symbol[pos..];
        if (suffix.Length > 0 && !(suffix[0] == '.' && IsSymbolLike(suffix)))
            return null;
        if (elements.Count < 2 || !IsHash(symbol.AsSpan(elements[^1].Start, elements[^1].Length)))
            return null;

        var output = new StringBuilder();
        for (int i = 0; i < elements.Count - 1; i++)
        {
            if (i > 0)
                output.Append("::");
            if (!RustEscapes.TryDecodeElement(symbol.AsSpan(elements[i].Start, elements[i].Length), output, RustEscapeRules.Rustc))
                return null;
        }
        return output.Append(suffix).ToString();
    }

    /// <summary>`h` and 16 hex digits: the hash rustc appends to legacy names.</summary>
    public static bool IsHash(ReadOnlySpan<char> element) =>
        element.Length == 17 && element[0] == 'h' && element[1..].IndexOfAnyExcept(HexDigits) < 0;

    static readonly SearchValues<char> LlvmSuffixChars = SearchValues.Create("0123456789ABCDEF@");
    static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    static bool IsSymbolLike(string s)
    {
        foreach (char c in s)
            if (c > '~' || c < '!')
                return false;
        return true;
    }
}
