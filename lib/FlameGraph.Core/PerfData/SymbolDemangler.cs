using System.Text;

namespace FlameGraph.PerfData;

/// <summary>
/// Turns a mangled symbol into the name perf shows for it (C++ without parameters, Rust without
/// the hash), through a function the caller provides; null from it leaves a name as it is.
/// </summary>
public sealed class SymbolDemangler(Func<string, string?> demangle)
{
    /// <summary>Only names in the Itanium (`_Z`) or Rust v0 (`_R`) schemes are handed to the demangler.</summary>
    public static bool MayBeMangled(ReadOnlySpan<byte> name) => name.StartsWith("_Z"u8) || name.StartsWith("_R"u8);

    public byte[]? Demangle(ReadOnlySpan<byte> name)
    {
        if (!MayBeMangled(name))
            return null;
        return demangle(Encoding.UTF8.GetString(name)) is { } shown ? Encoding.UTF8.GetBytes(shown) : null;
    }
}
