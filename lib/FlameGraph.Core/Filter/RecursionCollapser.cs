namespace FlameGraph.Filter;

/// <summary>
/// Merges directly recursive frames as stackcollapse-recursive.pl does: a frame equal to the
/// frame before it is dropped, so `main;f;f;f;g` becomes `main;f;g`. Indirect recursion
/// (`f;g;f`) is left alone. Perl's edges are kept so outputs match: empty frames at the root
/// are dropped (its "previous frame" starts as the empty string), empty frames at the end
/// vanish (Perl's split drops trailing empty fields), and the stacks "" and "0" (false in
/// Perl) are dropped entirely.
/// </summary>
public sealed class RecursionCollapser
{
    byte[] _scratch = [];

    /// <summary>
    /// Returns the collapsed stack (valid until the next call), or false for the stacks Perl drops.
    /// </summary>
    public bool TryApply(ReadOnlySpan<byte> stack, out ReadOnlySpan<byte> collapsed)
    {
        collapsed = default;
        if (stack.IsEmpty || (stack.Length == 1 && stack[0] == (byte)'0'))
            return false;
        stack = stack.TrimEnd((byte)';');
        ref byte[] scratch = ref _scratch;
        if (scratch.Length < stack.Length)
            scratch = new byte[stack.Length * 2];
        int written = 0;
        ReadOnlySpan<byte> previous = default;
        var rest = stack;
        while (!rest.IsEmpty)
        {
            int semi = rest.IndexOf((byte)';');
            var frame = semi < 0 ? rest : rest[..semi];
            if (!frame.SequenceEqual(previous))
            {
                if (written > 0)
                    scratch[written++] = (byte)';';
                frame.CopyTo(scratch.AsSpan(written));
                written += frame.Length;
                previous = frame;
            }
            if (semi < 0)
                break;
            rest = rest[(semi + 1)..];
        }
        collapsed = scratch.AsSpan(0, written);
        return true;
    }
}
