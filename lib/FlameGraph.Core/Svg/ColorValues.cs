using System.Text;

namespace FlameGraph.Svg;

/// <summary>The three values in [0,1) a palette turns into a colour, by each way of choosing them.</summary>
public static class ColorValues
{
    /// <summary>
    /// flamegraph.pl's default: `srand(sum of the name's code points); rand(1)`. Perl's rand is
    /// drand48, so one step of that generator from the seed gives the value (all three are equal).
    /// </summary>
    public static double NameSeeded(ReadOnlySpan<byte> name)
    {
        uint sum = 0;
        foreach (var rune in CodePoints(name))
            sum += (uint)rune;
        return Drand48First(sum);
    }

    public static double Drand48First(uint seed)
    {
        const ulong mask = (1UL << 48) - 1;
        ulong state = ((ulong)seed << 16) + 0x330E;
        state = (state * 0x5DEECE66DUL + 0xB) & mask;
        return state / (double)(1UL << 48);
    }

    /// <summary>--hash: v1 from the name, v2 = v3 from the reversed name.</summary>
    public static (double V1, double V2) Hash(ReadOnlySpan<byte> name)
    {
        var points = CodePoints(name);
        double v1 = NameHash(points);
        points.Reverse();
        return (v1, NameHash(points));
    }

    /// <summary>
    /// Weights the first three characters (after a "module`" prefix), the first most, so that
    /// similar names get similar colours.
    /// </summary>
    static double NameHash(List<int> points)
    {
        int start = 0;
        for (int i = 1; i < points.Count; i++)
        {
            if (points[i] == '`')
            {
                start = i + 1;
                break;
            }
        }
        double vector = 0, weight = 1, max = 1;
        int mod = 10;
        for (int i = start; i < points.Count; i++)
        {
            int value = points[i] % mod;
            vector += value / (double)(mod - 1) * weight;
            mod++;
            max += weight;
            weight *= 0.70;
            if (mod > 12)
                break;
        }
        return 1 - vector / max;
    }

    /// <summary>--deterministic (inferno): FNV-1a of the bytes, then two more multiplications.</summary>
    public static (double V1, double V2, double V3) Fnv(ReadOnlySpan<byte> name)
    {
        const ulong prime = 0x100000001b3;
        ulong hash = 0xcbf29ce484222325;
        foreach (byte b in name)
        {
            hash ^= b;
            hash *= prime;
        }
        double v1 = hash / (double)ulong.MaxValue;
        hash *= prime;
        double v2 = hash / (double)ulong.MaxValue;
        hash *= prime;
        double v3 = hash / (double)ulong.MaxValue;
        return (v1, v2, v3);
    }

    static List<int> CodePoints(ReadOnlySpan<byte> name)
    {
        var points = new List<int>(name.Length);
        while (!name.IsEmpty)
        {
            Rune.DecodeFromUtf8(name, out var rune, out int used);
            points.Add(rune.Value);
            name = name[used..];
        }
        return points;
    }
}
