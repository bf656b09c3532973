namespace FlameGraph.Diff;

/// <summary>difffolded.pl -s: `s/0x[0-9a-fA-F]+/0x.../g`, so addresses that moved compare equal.</summary>
public sealed class HexNumbers
{
    static readonly byte[] Replacement = "0x..."u8.ToArray();

    byte[] _scratch = [];

    /// <summary>Returns the stack with hex numbers replaced, valid until the next call.</summary>
    public ReadOnlySpan<byte> Strip(ReadOnlySpan<byte> stack)
    {
        ref byte[] scratch = ref _scratch;
        int first = stack.IndexOf("0x"u8);
        if (first < 0)
            return stack;
        // Each replaced number is at least 3 bytes (`0x1`) and becomes 5 (`0x...`), so the text
        // grows by at most 2 bytes for every 3 it holds.
        int worst = stack.Length + 2 * (stack.Length / 3);
        if (scratch.Length < worst)
            scratch = new byte[Math.Max(worst, scratch.Length * 2)];
        int written = 0, i = 0;
        while (i < stack.Length)
        {
            if (i + 2 < stack.Length && stack[i] == (byte)'0' && stack[i + 1] == (byte)'x' && IsHex(stack[i + 2]))
            {
                int j = i + 2;
                while (j < stack.Length && IsHex(stack[j]))
                    j++;
                Replacement.CopyTo(scratch.AsSpan(written));
                written += Replacement.Length;
                i = j;
                continue;
            }
            scratch[written++] = stack[i++];
        }
        return scratch.AsSpan(0, written);
    }

    static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;
}
