using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Folded;

/// <summary>
/// --skip-after, one rule wherever stacks are cut (fg-collapse-perf while folding perf script's
/// frames, fg-fold-filter and the front ends on folded stacks), as inferno-collapse-perf does it:
/// a frame matches when its function name equals one of the names, compared without the
/// collapsers' annotation (`_[k]`, `_[j]`, `_[i]`, `_[w]`), so `--kernel` does not hide a kernel
/// function from the cut. The matching frame and everything leafward of it are kept; every frame
/// rootward, the process-name root included, is dropped. Frames are searched from the leaf, as
/// inferno reads perf's frames leaf first and stops at the first match, so of several matches the
/// one nearest the leaf wins. Stacks with no match are untouched.
/// </summary>
public sealed class SkipAfter
{
    readonly HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> _names;

    public SkipAfter(IEnumerable<string> names)
    {
        var set = new HashSet<byte[]>(ByteArrayComparer.Instance);
        foreach (string name in names)
            set.Add(Encoding.UTF8.GetBytes(name));
        _names = set.GetAlternateLookup<ReadOnlySpan<byte>>();
        IsActive = set.Count > 0;
    }

    public bool IsActive { get; }

    /// <summary>Whether a frame (a function name, with or without an annotation) cuts the stack.</summary>
    public bool Matches(ReadOnlySpan<byte> frame) =>
        _names.Contains(frame) || (HasAnnotation(frame) && _names.Contains(frame[..^4]));

    /// <summary>The stack from the matching frame to the leaf, or the whole stack without a match.</summary>
    public ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> stack)
    {
        int end = stack.Length;
        while (end >= 0)
        {
            int start = end == 0 ? 0 : stack[..end].LastIndexOf((byte)';') + 1;
            if (Matches(stack[start..end]))
                return stack[start..];
            if (start == 0)
                break;
            end = start - 1;
        }
        return stack;
    }

    static bool HasAnnotation(ReadOnlySpan<byte> frame) =>
        frame.Length > 4 && frame[^4] == (byte)'_' && frame[^3] == (byte)'[' && frame[^1] == (byte)']'
        && frame[^2] is (byte)'k' or (byte)'j' or (byte)'i' or (byte)'w';
}
