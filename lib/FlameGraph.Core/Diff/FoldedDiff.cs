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
    readonly StackCounts _stacks = new();  // First: the count before, Second: after
    PerlNumber _total1 = PerlNumber.Zero, _total2 = PerlNumber.Zero;
    // A total beyond 2^64-1 only matters to -n, which then cannot scale exactly.
    string? _totalTooLarge;

    /// <summary>Reads both profiles ("-" for stdin) and writes the differential profile.</summary>
    /// <param name="open">Opens an input by name; default: the file (or stdin for "-").</param>
    public StageReport Run(string before, string after, ByteWriter output, Func<string, Stream>? open = null)
    {
        using (var input = open?.Invoke(before) ?? InputFiles.Open(before))
            AddBefore(input, before);
        using (var input = open?.Invoke(after) ?? InputFiles.Open(after))
            AddAfter(input, after);
        WriteTo(output);
        return new StageReport();
    }

    /// <param name="name">The input's name in errors ("-" is stdin).</param>
    public void AddBefore(Stream input, string name = InputFiles.StdinName) => Add(input, name, first: true);

    public void AddAfter(Stream input, string name = InputFiles.StdinName) => Add(input, name, first: false);

    void Add(Stream input, string name, bool first)
    {
        var lines = new LineReader(input);
        var hex = new HexNumbers();
        while (lines.TryReadLine(out var line))
        {
            PerlNumber count = PerlNumber.Zero;
            ReadOnlySpan<byte> stack = default;
            if (FoldedLine.TrySplit(line, out stack, out var countText) && !PerlNumber.TryParse(countText, out count))
                throw CountLimit.TooLarge(CountLimit.Place(name, lines.LineNumber), countText);
            if (options.StripHex)
                stack = hex.Strip(stack);

            bool added = first ? _stacks.TryAdd(stack, count, PerlNumber.Zero) : _stacks.TryAdd(stack, PerlNumber.Zero, count);
            if (!added)
                throw CountLimit.SumTooLarge(stack, CountLimit.Place(name, lines.LineNumber));
            ref var total = ref first ? ref _total1 : ref _total2;
            if (!PerlNumber.TryAdd(total, count, out total))
                _totalTooLarge ??= name;
        }
    }

    public void WriteTo(ByteWriter output)
    {
        foreach (var (stack, counted, after) in _stacks.Sorted())
        {
            var before = counted;
            if (options.Normalize)
                before = Scale(before);
            output.Write(stack);
            output.Write((byte)' ');
            CountText.Write(output, before);
            output.Write((byte)' ');
            CountText.Write(output, after);
            output.Write((byte)'\n');
        }
    }

    /// <summary>Perl's `int(count1 * total2 / total1)`, skipped when the totals are equal.</summary>
    PerlNumber Scale(PerlNumber count)
    {
        if (_totalTooLarge is { } input)
            throw new StageException($"-n: the counts of {(input == InputFiles.StdinName ? "stdin" : $"'{input}'")} add up to more than {CountLimit.Max}");
        if (_total1.AsDouble == _total2.AsDouble || _total1.IsZero)
            return count;
        if (count.IsInteger && _total1.IsInteger && _total2.IsInteger)
        {
            Int128 product = (Int128)count.AsInteger * _total2.AsInteger;
            if (product <= ulong.MaxValue && product % _total1.AsInteger == 0)
                return PerlNumber.FromInteger((ulong)(product / _total1.AsInteger));
            return Truncated((double)product / _total1.AsInteger);
        }
        return Truncated(count.AsDouble * _total2.AsDouble / _total1.AsDouble);
    }

    /// <summary>Perl's int() of a double: an integer again (printed in full) while it fits in 64 bits.</summary>
    static PerlNumber Truncated(double value) =>
        value < CountLimit.RealBound ? PerlNumber.FromInteger((ulong)Math.Truncate(value)) : PerlNumber.FromDouble(Math.Truncate(value));
}
