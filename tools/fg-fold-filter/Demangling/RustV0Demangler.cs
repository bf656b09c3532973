namespace FlameGraph.FoldFilter.Demangling;

/// <summary>Rust's v0 mangling (`_R...`).</summary>
public static class RustV0Demangler
{
    public static string? Demangle(string symbol) => null;
}
