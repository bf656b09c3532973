using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// A fast non-cryptographic 64-bit hash for in-memory tables (never 0, so 0 can mark an empty
/// slot). Written here because XxHash3's 128-bit multiply has no hardware path in the
/// baseline x64 instruction set a portable native build targets.
/// </summary>
static class WordHash
{
    /// <summary>
    /// A multiply-rotate hash over 8-byte words in four independent lanes (the keys are
    /// ~100 bytes and hashed once per input line, so the lanes keep the multiplier busy).
    /// </summary>
    public static ulong Of(ReadOnlySpan<byte> bytes, int seed)
    {
        const ulong Prime = 0x9E3779B97F4A7C15;
        ref byte start = ref MemoryMarshal.GetReference(bytes);
        int length = bytes.Length;
        ulong a = ((ulong)length << 32 | (uint)seed) * Prime, b = a ^ 0x6A09E667F3BCC909, c = a ^ 0xBB67AE8584CAA73B, d = a ^ 0x3C6EF372FE94F82B;
        if (length >= 32)
        {
            int i = 0;
            for (; i + 32 <= length; i += 32)
            {
                a = Mix(a, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
                b = Mix(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i + 8)));
                c = Mix(c, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i + 16)));
                d = Mix(d, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i + 24)));
            }
            if (i < length)
            {
                // the last 32 bytes again, overlapping: every byte is in the hash
                ref byte last = ref Unsafe.Add(ref start, length - 32);
                a = Mix(a, Unsafe.ReadUnaligned<ulong>(ref last));
                b = Mix(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref last, 8)));
                c = Mix(c, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref last, 16)));
                d = Mix(d, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref last, 24)));
            }
        }
        else if (length >= 8)
        {
            for (int i = 0; i + 8 <= length; i += 8)
                a = Mix(a, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
            b = Mix(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8)));
        }
        else
        {
            ulong tail = 0;
            for (int i = 0; i < length; i++)
                tail = tail << 8 | Unsafe.Add(ref start, i);
            a = Mix(a, tail);
        }
        ulong hash = a ^ BitOperations.RotateLeft(b, 17) ^ BitOperations.RotateLeft(c, 34) ^ BitOperations.RotateLeft(d, 51);
        hash ^= hash >> 29;
        hash *= Prime;
        hash ^= hash >> 32;
        return hash == 0 ? 1 : hash;

        static ulong Mix(ulong hash, ulong word) => BitOperations.RotateLeft((hash ^ word) * Prime, 31);
    }
}
