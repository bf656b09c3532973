namespace FlameGraph.Collapse.Perf;

/// <summary>
/// Orders stacks given as frame ids (root first) exactly as their folded bytes `root;...;leaf`
/// sort bytewise (Perl's `cmp`), without building those bytes: equal leading ids are skipped at
/// once, and the first differing frames are compared as byte streams, ';' joins included, since
/// a name may itself hold ';' (an inline chain). Different id runs can spell the same bytes: they
/// compare equal. Two different names neither of which starts another name differ inside both,
/// so their bytewise rank, computed once, decides without reading their bytes.
/// </summary>
sealed class FoldedStackOrder : IComparer<int[]>
{
    readonly FrameNames names;

    /// <summary>Each name's place in bytewise order; -1 for a name that starts another one (then the bytes decide).</summary>
    readonly int[] _rank;

    public FoldedStackOrder(FrameNames names)
    {
        this.names = names;
        var byBytes = new int[names.Count];
        for (int id = 0; id < byBytes.Length; id++)
            byBytes[id] = id;
        Array.Sort(byBytes, (x, y) => names[x].SequenceCompareTo(names[y]));
        _rank = new int[byBytes.Length];
        for (int k = 0; k < byBytes.Length; k++)
        {
            // the names that start with this one, if any, follow it at once in bytewise order
            bool startsAnother = k + 1 < byBytes.Length && names[byBytes[k + 1]].StartsWith(names[byBytes[k]]);
            _rank[byBytes[k]] = startsAnother ? -1 : k;
        }
    }

    public int Compare(int[]? a, int[]? b)
    {
        int common = Math.Min(a!.Length, b!.Length);
        int i = a.AsSpan(0, common).CommonPrefixLength(b.AsSpan(0, common));
        if (i == common)
            return a.Length.CompareTo(b.Length); // a prefix: it ends where the other has ';'
        int rankA = _rank[a[i]], rankB = _rank[b[i]];
        if ((rankA | rankB) >= 0)
            return rankA - rankB;
        return CompareBytes(a, b, i);
    }

    int CompareBytes(int[] a, int[] b, int start)
    {
        int ia = start, ib = start;
        ReadOnlySpan<byte> ra = names[a[ia]], rb = names[b[ib]];
        while (true)
        {
            int common = Math.Min(ra.Length, rb.Length);
            int order = ra[..common].SequenceCompareTo(rb[..common]);
            if (order != 0)
                return order;
            ra = ra[common..];
            rb = rb[common..];
            if (ra.IsEmpty && rb.IsEmpty)
            {
                bool aGoesOn = ++ia < a.Length, bGoesOn = ++ib < b.Length;
                if (!aGoesOn || !bGoesOn)
                    return aGoesOn.CompareTo(bGoesOn);
                ra = names[a[ia]];
                rb = names[b[ib]];
            }
            else if (ra.IsEmpty)
            {
                // a's next byte is the ';' before its next frame, or nothing
                if (ia + 1 == a.Length)
                    return -1;
                if (rb[0] != (byte)';')
                    return (byte)';' - rb[0];
                ra = names[a[++ia]];
                rb = rb[1..];
            }
            else
            {
                if (ib + 1 == b.Length)
                    return 1;
                if (ra[0] != (byte)';')
                    return ra[0] - (byte)';';
                rb = names[b[++ib]];
                ra = ra[1..];
            }
        }
    }
}
