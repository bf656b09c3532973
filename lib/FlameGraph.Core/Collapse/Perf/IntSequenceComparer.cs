using System.Runtime.InteropServices;

namespace FlameGraph.Collapse.Perf;

/// <summary>int[] keys compared by content, with span lookups so probing never allocates.</summary>
sealed class IntSequenceComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
{
    public static readonly IntSequenceComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(int[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<int> alternate) => Hash(alternate);

    public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();

    static int Hash(ReadOnlySpan<int> ids) => (int)WordHash.Of(MemoryMarshal.AsBytes(ids), 0);
}
