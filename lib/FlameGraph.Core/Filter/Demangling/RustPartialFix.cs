using System.Text;

namespace FlameGraph.Filter.Demangling;

/// <summary>
/// Fixes legacy Rust names that a profiler demangled only partly, as inferno's
/// `fix_partially_demangled_rust_symbol` does: a name ending in `h` + 16 hex digits loses that
/// hash (and the `::` before it), `..` becomes `::` and the known `$..$` escapes are decoded.
/// An unknown escape ends the decoding and the rest is kept as it is. Other names are untouched.
/// </summary>
public static class RustPartialFix
{
    /// <summary>The fixed name, or null when the name does not end with a Rust hash.</summary>
    public static string? Fix(string name)
    {
        if (name.Length < 17 || !RustLegacyDemangler.IsHash(name.AsSpan(name.Length - 17)))
            return null;
        var rest = name.AsSpan(0, name.Length - 17);
        if (rest.EndsWith("::"))
            rest = rest[..^2];
        var output = new StringBuilder(rest.Length);
        RustEscapes.TryDecodeElement(rest, output, RustEscapeRules.InfernoPartialFix);
        return output.ToString();
    }
}
