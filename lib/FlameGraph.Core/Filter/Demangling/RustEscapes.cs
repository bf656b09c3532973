using System.Text;

namespace FlameGraph.Filter.Demangling;

/// <summary>Which `$..$` escapes a legacy Rust name decoder knows, and what an unknown one does.</summary>
enum RustEscapeRules
{
    /// <summary>
    /// rustc-demangle's: the named escapes and any `$u&lt;hex&gt;$` Unicode scalar; an unknown
    /// escape makes the element, and so the name, undecodable.
    /// </summary>
    Rustc,

    /// <summary>
    /// inferno's fix of partly demangled names: the named escapes and a fixed list of `$u..$`;
    /// decoding stops at an unknown escape and the rest is kept as it is.
    /// </summary>
    InfernoPartialFix,
}

/// <summary>Decodes the elements of legacy Rust names: `..` is `::`, `$LT$` is `&lt;`, `$u20$` a space.</summary>
static class RustEscapes
{
    static readonly (string Escape, string Text)[] Named =
    [
        ("$SP$", "@"), ("$BP$", "*"), ("$RF$", "&"), ("$LT$", "<"), ("$GT$", ">"), ("$LP$", "("), ("$RP$", ")"), ("$C$", ","),
    ];

    static readonly (string Escape, string Text)[] InfernoUnicode =
    [
        ("$u7e$", "~"), ("$u20$", " "), ("$u27$", "'"), ("$u3d$", "="), ("$u5b$", "["), ("$u5d$", "]"),
        ("$u7b$", "{"), ("$u7d$", "}"), ("$u3b$", ";"), ("$u2b$", "+"), ("$u21$", "!"), ("$u22$", "\""),
    ];

    /// <summary>
    /// Appends the decoded element to <paramref name="output"/>; a leading `_$` loses its `_`.
    /// False when <see cref="RustEscapeRules.Rustc"/> meets an escape it does not know.
    /// </summary>
    public static bool TryDecodeElement(ReadOnlySpan<char> rest, StringBuilder output, RustEscapeRules rules)
    {
        if (rest.StartsWith("_$"))
            rest = rest[1..];
        while (!rest.IsEmpty)
        {
            if (rest[0] == '.')
            {
                bool pair = rest.Length > 1 && rest[1] == '.';
                output.Append(pair ? "::" : ".");
                rest = rest[(pair ? 2 : 1)..];
            }
            else if (rest[0] == '$')
            {
                int close = rest[1..].IndexOf('$');
                var escape = close < 0 ? default : rest[..(close + 2)];
                if (close >= 0 && TryDecodeEscape(escape, output, rules))
                    rest = rest[escape.Length..];
                else if (rules == RustEscapeRules.InfernoPartialFix)
                {
                    output.Append(rest);
                    return true;
                }
                else
                    return false;
            }
            else
            {
                int next = rest.IndexOfAny('$', '.');
                if (next < 0)
                    next = rest.Length;
                output.Append(rest[..next]);
                rest = rest[next..];
            }
        }
        return true;
    }

    static bool TryDecodeEscape(ReadOnlySpan<char> escape, StringBuilder output, RustEscapeRules rules)
    {
        if (Lookup(Named, escape) is { } named)
        {
            output.Append(named);
            return true;
        }
        if (rules == RustEscapeRules.InfernoPartialFix)
        {
            if (Lookup(InfernoUnicode, escape) is not { } listed)
                return false;
            output.Append(listed);
            return true;
        }
        // $u<hex>$: a Unicode scalar value.
        if (escape.Length > 3 && escape[1] == 'u'
            && uint.TryParse(escape[2..^1], System.Globalization.NumberStyles.AllowHexSpecifier, null, out uint value)
            && value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF))
        {
            output.Append(char.ConvertFromUtf32((int)value));
            return true;
        }
        return false;
    }

    static string? Lookup((string Escape, string Text)[] table, ReadOnlySpan<char> escape)
    {
        foreach (var (code, text) in table)
            if (escape.SequenceEqual(code))
                return text;
        return null;
    }
}
