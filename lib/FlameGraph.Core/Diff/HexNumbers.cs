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
        if (scratch.Length < stack.Length + Replacement.Length)
            scratch = new byte[stack.Length * 2 + Replacement.Length];
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
