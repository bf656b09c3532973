using System.Text;

namespace FlameGraph.Filter;

/// <summary>
/// inferno-collapse-perf's --skip-after on folded stacks: when a frame equals one of the names,
/// that frame and everything leafward of it is kept, and every frame rootward (the process-name
/// root frame included) is dropped. inferno reads perf's frames leaf first and stops at the first
/// match, so when several frames match, the one nearest the leaf wins; this scans from the leaf
/// for the same reason. Stacks with no match are untouched.
/// </summary>
public sealed class SkipAfter(IEnumerable<string> names)
{
    readonly byte[][] _names = [.. names.Select(n => Encoding.UTF8.GetBytes(n))];

    public bool IsActive => _names.Length > 0;

    /// <summary>The stack from the matching frame to the leaf, or the whole stack without a match.</summary>
    public ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> stack)
    {
        int end = stack.Length;
        while (end >= 0)
        {
            int start = end == 0 ? 0 : stack[..end].LastIndexOf((byte)';') + 1;
            var frame = stack[start..end];
            foreach (var name in _names)
                if (frame.SequenceEqual(name))
                    return stack[start..];
            if (start == 0)
                break;
            end = start - 1;
        }
        return stack;
    }
}
