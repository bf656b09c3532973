using System.Buffers.Text;

namespace FlameGraph.Internals;

/// <summary>
/// How every tool prints a count: an integral count as all its digits (never `1e+15`), a
/// fractional one as Perl prints a number, `%.15g` (`14.2343983248723`). fg-svg's tooltips use
/// the same digits with a comma every three.
/// </summary>
public static class CountText
{
    public static void Write(ByteWriter output, ulong count) => output.Write(count);

    public static void Write(ByteWriter output, PerlNumber count)
    {
        if (count.IsInteger)
            output.Write(count.AsInteger);
        else
            output.Write(PerlNumber.FormatDouble(count.AsDouble));
    }

    public static string ToString(PerlNumber count) =>
        count.IsInteger ? count.AsInteger.ToString(System.Globalization.CultureInfo.InvariantCulture) : PerlNumber.FormatDouble(count.AsDouble);

    /// <summary>All the digits, a comma every three from the right: 18,446,744,073,709,551,615.</summary>
    public static void WriteGrouped(ByteWriter output, ulong count)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(count, digits, out int length);
        WriteGrouped(output, digits[..length]);
    }

    /// <summary>Digits (no sign, no point), a comma every three from the right.</summary>
    public static void WriteGrouped(ByteWriter output, ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty)
            return;
        int first = digits.Length % 3;
        if (first == 0)
            first = 3;
        output.Write(digits[..first]);
        for (int i = first; i < digits.Length; i += 3)
        {
            output.Write((byte)',');
            output.Write(digits.Slice(i, 3));
        }
    }
}
