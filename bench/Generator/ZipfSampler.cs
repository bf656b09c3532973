namespace FlameGraph.Bench;

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent: a few stacks get
/// most samples and a long tail gets one or two, as in real profiles.
/// </summary>
sealed class ZipfSampler
{
    readonly double[] _cumulative;

    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _cumulative = new double[count];
        double sum = 0;
        for (int rank = 0; rank < count; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, exponent);
            _cumulative[rank] = sum;
        }
        for (int rank = 0; rank < count; rank++)
            _cumulative[rank] /= sum;
    }

    public int Count => _cumulative.Length;

    public int Sample(Rng rng)
    {
        int index = Array.BinarySearch(_cumulative, rng.NextDouble());
        if (index < 0)
            index = ~index;
        return Math.Min(index, _cumulative.Length - 1);
    }
}
