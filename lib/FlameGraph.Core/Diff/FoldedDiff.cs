using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Diff;

/// <summary>What fg-diff does with the two profiles.</summary>
public readonly record struct FoldedDiffOptions
{
    /// <summary>Scale the first profile's counts by total2/total1, truncated (difffolded.pl -n).</summary>
    public bool Normalize { get; init; }

    /// <summary>Replace every hex number 0x... in the stacks by "0x..." before matching (difffolded.pl -s).</summary>
    public bool StripHex { get; init; }
}

/// <summary>
/// Joins two folded profiles into one differential profile, `stack count1 count2`, as
/// difffolded.pl does: a stack missing from one side counts 0 there; a line with no count
/// counts 0 towards the empty stack (Perl's behaviour, kept so outputs match). Lines come out
/// sorted bytewise, where the Perl tool prints them in hash order.
/// </summary>
public sealed class FoldedDiff(FoldedDiffOptions options)
{
    readonly Dictionary<byte[], (PerlNumber Before, PerlNumber After)> _stacks = new(ByteArrayComparer.Instance);
    PerlNumber _total1 = PerlNumber.Zero, _total2 = PerlNumber.Zero;

    /// <summary>Reads both profiles ("-" for stdin) and writes the differential profile.</summary>
    /// <param name="open">Opens an input by name; default: the file (or stdin for "-").</param>
    public StageReport Run(string before, string after, ByteWriter output, Func<string, Stream>? open = null)
    {
        using (var input = open?.Invoke(before) ?? InputFiles.Open(before))
            AddBefore(input);
        using (var input = open?.Invoke(after) ?? InputFiles.Open(after))
            AddAfter(input);
        WriteTo(output);
        return new StageReport();
    }

    public void AddBefore(Stream input) => Add(input, first: true);

    public void AddAfter(Stream input) => Add(input, first: false);

    void Add(Stream input, bool first)
    {
        var lines = new LineReader(input);
        var lookup = _stacks.GetAlternateLookup<ReadOnlySpan<byte>>();
        var hex = new HexNumbers();
        while (lines.TryReadLine(out var line))
        {
            PerlNumber count = PerlNumber.Zero;
            ReadOnlySpan<byte> stack = default;
            if (FoldedLine.TrySplit(line, out stack, out var countText))
                count = PerlNumber.Parse(countText);
            if (options.StripHex)
                stack = hex.Strip(stack);

            lookup.TryGetValue(stack, out var counts);
            if (first)
                counts.Before += count;
            else
                counts.After += count;
            lookup[stack] = counts;
            if (first)
                _total1 += count;
            else
                _total2 += count;
        }
    }

    public void WriteTo(ByteWriter output)
    {
        var keys = _stacks.Keys.ToArray();
        Array.Sort(keys, ByteArrayComparer.Instance);
        foreach (var stack in keys)
        {
            var (before, after) = _stacks[stack];
            if (options.Normalize)
                before = Scale(before);
            output.Write(stack);
            output.Write((byte)' ');
            before.WriteTo(output);
            output.Write((byte)' ');
            after.WriteTo(output);
            output.Write((byte)'\n');
        }
    }

    /// <summary>Perl's `int(count1 * total2 / total1)`, skipped when the totals are equal.</summary>
    PerlNumber Scale(PerlNumber count)
    {
        if (_total1.AsDouble == _total2.AsDouble || _total1.IsZero)
            return count;
        if (count.IsInteger && _total1.IsInteger && _total2.IsInteger)
        {
            Int128 product = (Int128)count.AsInteger * _total2.AsInteger;
            if (product <= ulong.MaxValue && product % _total1.AsInteger == 0)
                return PerlNumber.FromInteger((ulong)(product / _total1.AsInteger));
            return PerlNumber.FromDouble(Math.Truncate((double)product / _total1.AsInteger));
        }
        return PerlNumber.FromDouble(Math.Truncate(count.AsDouble * _total2.AsDouble / _total1.AsDouble));
    }
}
