using System.Text;

namespace FlameGraph.Filter.Demangling;

/// <summary>
/// Punycode (RFC 3492) decoding, for Rust v0 identifiers with non-ASCII characters. Rust
/// writes the delimiter between the ASCII part and the encoded part as `_` instead of `-`.
/// </summary>
static class Punycode
{
    const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 128;

    /// <summary>The decoded text, or null when the input is not valid punycode.</summary>
    public static string? Decode(string ascii, string encoded)
    {
        var output = new List<int>(ascii.Length + encoded.Length);
        foreach (char c in ascii)
            output.Add(c);
        int n = InitialN, bias = InitialBias;
        long i = 0;
        int pos = 0;
        while (pos < encoded.Length)
        {
            long oldI = i, w = 1;
            for (int k = Base; ; k += Base)
            {
                if (pos >= encoded.Length)
                    return null;
                int digit = Digit(encoded[pos++]);
                if (digit < 0)
                    return null;
                i += digit * w;
                int t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                if (digit < t)
                    break;
                w *= Base - t;
                if (i > int.MaxValue || w > int.MaxValue)
                    return null;
            }
            int length = output.Count + 1;
            bias = Adapt(i - oldI, length, oldI == 0);
            n += (int)(i / length);
            i %= length;
            if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
                return null;
            output.Insert((int)i, n);
            i++;
        }
        var text = new StringBuilder(output.Count);
        foreach (int scalar in output)
            text.Append(char.ConvertFromUtf32(scalar));
        return text.ToString();
    }

    static int Digit(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= '0' and <= '9' => c - '0' + 26,
        _ => -1,
    };

    static int Adapt(long delta, int length, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / length;
        int k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }
        return (int)(k + (Base - TMin + 1) * delta / (delta + Skew));
    }
}
