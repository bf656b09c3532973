using System.Buffers.Text;
using System.Globalization;

using FlameGraph.Internals;

namespace FlameGraph.Internals;

/// <summary>
/// A count as Perl holds it: an exact unsigned 64-bit integer (Perl's UV) until a fraction or an
/// overflow turns it into a double (Perl's NV), which never turns back. Printed as Perl prints
/// numbers: integers in full, doubles with `%.15g`. Counts in folded and DTrace text are digit
/// strings, so they are never negative.
/// </summary>
public readonly struct PerlNumber
{
    readonly ulong _integer;
    readonly double _real;

    public bool IsInteger { get; }

    PerlNumber(ulong integer) { _integer = integer; _real = 0; IsInteger = true; }
    PerlNumber(double real) { _integer = 0; _real = real; IsInteger = false; }

    public static PerlNumber Zero => new(0UL);

    public static PerlNumber FromInteger(ulong value) => new(value);

    public static PerlNumber FromDouble(double value) => new(value);

    public double AsDouble => IsInteger ? _integer : _real;

    /// <summary>The value as an exact integer; only meaningful when <see cref="IsInteger"/>.</summary>
    public ulong AsInteger => _integer;

    public bool IsZero => IsInteger ? _integer == 0 : _real == 0;

    /// <summary>
    /// Numifies `\d+(\.\d*)?` as Perl does: digits alone (leading zeros allowed, any length) are an
    /// integer while they fit in 64 bits, a double beyond; a '.' makes a double.
    /// </summary>
    public static PerlNumber Parse(ReadOnlySpan<byte> text)
    {
        if (text.IndexOf((byte)'.') < 0)
        {
            var significant = text.TrimStart((byte)'0');
            if (significant.IsEmpty)
                return Zero;
            if (Utf8Parser.TryParse(significant, out ulong integer, out int used) && used == significant.Length)
                return new PerlNumber(integer);
        }
        Span<char> chars = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        for (int i = 0; i < text.Length; i++)
            chars[i] = (char)text[i];
        return new PerlNumber(double.Parse(chars, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
    }

    public static PerlNumber operator +(PerlNumber a, PerlNumber b)
    {
        if (a.IsInteger && b.IsInteger)
        {
            ulong sum = unchecked(a._integer + b._integer);
            if (sum >= a._integer)
                return new PerlNumber(sum);
        }
        return new PerlNumber(a.AsDouble + b.AsDouble);
    }

    public override string ToString() => IsInteger ? _integer.ToString(CultureInfo.InvariantCulture) : FormatDouble(_real);

    public void WriteTo(ByteWriter output)
    {
        if (IsInteger)
            output.Write(_integer);
        else
            output.Write(FormatDouble(_real));
    }

    /// <summary>C's `%.15g`, which is how Perl prints a double.</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsInfinity(value))
            return value > 0 ? "Inf" : "-Inf";
        string s = value.ToString("G15", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        if (e < 0)
            return s;
        // .NET writes E+20 or E-05; C writes e+20 and at least two exponent digits.
        string mantissa = s[..e];
        char sign = s[e + 1];
        string digits = s[(e + 2)..].TrimStart('0');
        if (digits.Length < 2)
            digits = digits.PadLeft(2, '0');
        return $"{mantissa}e{sign}{digits}";
    }
}
