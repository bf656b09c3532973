namespace FlameGraph.Filter.Demangling;

/// <summary>
/// Symbol names as perf shows them (perf's demangle_sym through libiberty's cplus_demangle with
/// no options): Rust first (legacy and v0, without the hash), then C++ without parameters;
/// null when the symbol is not mangled in a way these demanglers read.
/// </summary>
public static class PerfSymbolDemangler
{
    public static string? Demangle(string symbol)
    {
        if (RustLegacyDemangler.Demangle(symbol) is { } legacy)
            return legacy;
        if (RustV0Demangler.Demangle(symbol) is { } v0)
            return v0;
        int start = symbol.StartsWith("_Z", StringComparison.Ordinal) ? 2 : -1;
        if (start < 0 || symbol.Length > 4096)
            return null;
        try
        {
            return new ItaniumParser(symbol, start).ParseMangledNameWithoutParameters();
        }
        catch (Exception e) when (e is NotDemangled or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
