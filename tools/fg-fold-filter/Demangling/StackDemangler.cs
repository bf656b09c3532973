namespace FlameGraph.FoldFilter.Demangling;

/// <summary>Demangles the symbols inside each frame of a stack.</summary>
public sealed class StackDemangler
{
    public ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> stack) => stack;
}
