namespace FlameGraph.Internals;

/// <summary>
/// A stable sort by 64-bit keys that is fast: a primitive key sort carrying indices (several
/// times faster than a sort with a comparer), then each run of equal keys put back in index order.
/// </summary>
static class StableKeySort
{
    /// <summary>
    /// Sorts <paramref name="keys"/>[0..count) in place; <paramref name="order"/>[i] receives the
    /// original index of the i-th smallest key, equal keys in their original order.
    /// </summary>
    public static void Sort(ulong[] keys, int[] order, int count)
    {
        for (int i = 0; i < count; i++)
            order[i] = i;
        Array.Sort(keys, order, 0, count);
        for (int run = 0; run < count;)
        {
            int end = run + 1;
            while (end < count && keys[end] == keys[run])
                end++;
            if (end - run > 1)
                Array.Sort(order, run, end - run);
            run = end;
        }
    }
}
