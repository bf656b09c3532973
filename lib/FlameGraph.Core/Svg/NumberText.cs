using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// Numbers written the way flamegraph.pl prints them, without allocating: C's `%.Nf` (an exact
/// tie rounds to even, as glibc does, where .NET would round away from zero), Perl's default
/// `%.15g` for plain numbers, and thousands separators for counts.
/// </summary>
public static class NumberText
{
    static readonly string[] FixedFormats = ["F0", "F1", "F2"];
    static readonly double[] PowersOfTen = [1, 10, 100];

    /// <summary>Writes C's `%.{decimals}f` of a value that is not negative (decimals 0 to 2).</summary>
    public static int FormatFixed(double value, int decimals, Span<byte> destination)
    {
        // A double lies exactly halfway between two N-decimal numbers only when value * 2^(N+1)
        // is an odd integer; everything else .NET formats exactly.
        double doubled = value * (2 << decimals);
        if (doubled == Math.Floor(doubled) && doubled < 1e15 && ((long)doubled & 1) != 0)
        {
            long lower = (long)Math.Floor(value * PowersOfTen[decimals]);
            long even = (lower & 1) == 0 ? lower : lower + 1;
            return FormatScaled(even, decimals, destination);
        }
        value.TryFormat(destination, out int written, FixedFormats[decimals], CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Writes `scaled / 10^decimals` with exactly that many decimals.</summary>
    static int FormatScaled(long scaled, int decimals, Span<byte> destination)
    {
        long unit = (long)PowersOfTen[decimals];
        Utf8Formatter.TryFormat(scaled / unit, destination, out int written);
        if (decimals == 0)
            return written;
        destination[written++] = (byte)'.';
        Utf8Formatter.TryFormat(scaled % unit, destination[written..], out int fraction, new StandardFormat('D', (byte)decimals));
        return written + fraction;
    }

    public static void WriteFixed(ByteWriter output, double value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[40];
        if (Math.Abs(value) >= 1e30 || double.IsNaN(value))
        {
            output.Write(value.ToString(FixedFormats[decimals], CultureInfo.InvariantCulture));
            return;
        }
        if (value < 0)
        {
            output.Write((byte)'-');
            value = -value;
        }
        output.Write(buffer[..FormatFixed(value, decimals, buffer)]);
    }

    /// <summary>Writes a number as Perl prints it (`%.15g`); whole and half values take a fast path.</summary>
    public static void WritePerl(ByteWriter output, double value)
    {
        double doubled = value * 2;
        if (doubled == Math.Floor(doubled) && Math.Abs(value) < 1e14)
        {
            long whole = (long)Math.Truncate(value);
            if (value < 0 && whole == 0 && value != 0)
                output.Write((byte)'-');
            output.Write(whole);
            if (value != whole)
                output.Write(".5"u8);
            return;
        }
        output.Write(PerlNumber.FormatDouble(value));
    }

    /// <summary>Perl's `%.15g` as a string (for the rare places that need the text).</summary>
    public static string Perl(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        return PerlNumber.FormatDouble(value);
    }

    /// <summary>`%.0f` of a count with a comma every three digits: 1,234,567.</summary>
    public static void WriteCount(ByteWriter output, double value)
    {
        Span<byte> digits = stackalloc byte[400];
        int length;
        if (value < 1e30)
            length = FormatFixed(value, 0, digits);
        else
            length = System.Text.Encoding.ASCII.GetBytes(value.ToString("F0", CultureInfo.InvariantCulture), digits);
        CountText.WriteGrouped(output, digits[..length]);
    }

    /// <summary>The value `%.0f` prints, read back as Perl would numify that text.</summary>
    public static double RoundedCount(double value)
    {
        if (value < 1e15)
        {
            Span<byte> digits = stackalloc byte[32];
            int length = FormatFixed(value, 0, digits);
            // Digits just formatted, below 10^15: they always parse.
            return Utf8Parser.TryParse(digits[..length], out long whole, out _) ? whole : value;
        }
        return Math.Round(value, MidpointRounding.ToEven);
    }

    /// <summary>A time as Perl's string key holds it: `%.15g`, read back.</summary>
    public static double ThroughPerlString(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 9007199254740992)
            return value;
        return double.Parse(PerlNumber.FormatDouble(value), CultureInfo.InvariantCulture);
    }
}
