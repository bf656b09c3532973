namespace FlameGraph.Bench;

/// <summary>
/// SplitMix64: a tiny deterministic generator. Used instead of System.Random because the
/// sequence of a seeded System.Random is not a documented contract across .NET versions,
/// and the benchmark inputs must be the same bytes on every machine.
/// </summary>
sealed class Rng(ulong seed)
{
    ulong _state = seed;

    public ulong NextU64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, n). The modulo bias is below 2^-31 for the small n used here.</summary>
    public int Next(int n) => (int)((NextU64() >> 1) % (ulong)n);

    public int Next(int low, int highExclusive) => low + Next(highExclusive - low);

    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
