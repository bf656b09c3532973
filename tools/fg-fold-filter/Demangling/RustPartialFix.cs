using System.Text;

namespace FlameGraph.FoldFilter.Demangling;

/// <summary>
/// Fixes legacy Rust names that a profiler demangled only partly, as inferno's
/// `fix_partially_demangled_rust_symbol` does: a name ending in `h` + 16 hex digits loses that
/// hash (and the `::` before it), `..` becomes `::` and the known `$..$` escapes are decoded.
/// An unknown escape ends the decoding and the rest is kept as it is. Other names are untouched.
/// </summary>
public static class RustPartialFix
{
    static readonly (string Escape, string Text)[] Escapes =
    [
        ("$SP$", "@"), ("$BP$", "*"), ("$RF$", "&"), ("$LT$", "<"), ("$GT$", ">"), ("$LP$", "("), ("$RP$", ")"),
        ("$C$", ","), ("$u7e$", "~"), ("$u20$", " "), ("$u27$", "'"), ("$u3d$", "="), ("$u5b$", "["), ("$u5d$", "]"),
        ("$u7b$", "{"), ("$u7d$", "}"), ("$u3b$", ";"), ("$u2b$", "+"), ("$u21$", "!"), ("$u22$", "\""),
    ];

    /// <summary>The fixed name, or null when the name does not end with a Rust hash.</summary>
    public static string? Fix(string name)
    {
        if (name.Length < 17 || !RustLegacyDemangler.IsHash(name.AsSpan(name.Length - 17)))
            return null;
        var rest = name.AsSpan(0, name.Length - 17);
        if (rest.EndsWith("::"))
            rest = rest[..^2];
        if (rest.StartsWith("_$"))
            rest = rest[1..];
        var output = new StringBuilder(rest.Length);
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
                bool matched = false;
                foreach (var (escape, text) in Escapes)
                {
                    if (rest.StartsWith(escape))
                    {
                        output.Append(text);
                        rest = rest[escape.Length..];
                        matched = true;
                        break;
                    }
                }
                if (!matched)
                {
                    output.Append(rest);
                    break;
                }
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
        return output.ToString();
    }
}
