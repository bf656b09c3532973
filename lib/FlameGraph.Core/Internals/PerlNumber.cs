using System.Buffers.Text;
using System.Globalization;

namespace FlameGraph.Internals;

/// <summary>
/// A count as Perl holds it: an exact unsigned 64-bit integer (Perl's UV) until a fraction turns
/// it into a double (Perl's NV), which never turns back. Where Perl would also turn an integer
/// beyond 2^64-1 into a double, we stop instead (<see cref="CountLimit"/>). Printed by
/// <see cref="CountText"/>: integers in full, doubles with `%.15g`. Counts in folded and DTrace
/// text are digit strings, so they are never negative. default(PerlNumber) is the integer 0,
/// as Perl's undef is in a sum.
/// </summary>
public readonly struct PerlNumber
{
    readonly ulong _integer;
    readonly double _real;
    readonly bool _isReal;

    public bool IsInteger => !_isReal;

    PerlNumber(ulong integer) { _integer = integer; _real = 0; _isReal = false; }
    PerlNumber(double real) { _integer = 0; _real = real; _isReal = true; }

    public static PerlNumber Zero => new(0UL);

    public static PerlNumber FromInteger(ulong value) => new(value);

    public static PerlNumber FromDouble(double value) => new(value);

    public double AsDouble => IsInteger ? _integer : _real;

    /// <summary>The value as an exact integer; only meaningful when <see cref="IsInteger"/>.</summary>
    public ulong AsInteger => _integer;

    public bool IsZero => IsInteger ? _integer == 0 : _real == 0;

    /// <summary>
    /// Numifies `\d+(\.\d*)?` as Perl does: digits alone (leading zeros allowed, any length) are an
    /// integer, a '.' makes a double. False when the value is beyond 2^64-1, where Perl would
    /// go on with a rounded double.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out PerlNumber value)
    {
        value = Zero;
        if (text.IndexOf((byte)'.') < 0)
        {
            var significant = text.TrimStart((byte)'0');
            if (significant.IsEmpty)
                return true;
            if (!Utf8Parser.TryParse(significant, out ulong integer, out int used) || used != significant.Length)
                return false;
            value = new PerlNumber(integer);
            return true;
        }
        Span<char> chars = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        for (int i = 0; i < text.Length; i++)
            chars[i] = (char)text[i];
        double real = double.Parse(chars, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (real >= CountLimit.RealBound)
            return false;
        value = new PerlNumber(real);
        return true;
    }

    /// <summary><see cref="TryParse"/> for text known to be in range; a count beyond it is an error without a place.</summary>
    public static PerlNumber Parse(ReadOnlySpan<byte> text) =>
        TryParse(text, out var value) ? value : throw new StageException($"count {System.Text.Encoding.ASCII.GetString(text)} does not fit in 64 bits");

    /// <summary>The exact sum; false when it is beyond 2^64-1 (a double sum, beyond 2^64).</summary>
    public static bool TryAdd(PerlNumber a, PerlNumber b, out PerlNumber sum)
    {
        if (a.IsInteger && b.IsInteger)
        {
            sum = new PerlNumber(unchecked(a._integer + b._integer));
            return sum._integer >= a._integer;
        }
        sum = new PerlNumber(a.AsDouble + b.AsDouble);
        return sum._real < CountLimit.RealBound;
    }

    /// <summary>The exact sum; <see cref="CountOverflowException"/> beyond 2^64-1.</summary>
    public static PerlNumber operator +(PerlNumber a, PerlNumber b) =>
        TryAdd(a, b, out var sum) ? sum : throw new CountOverflowException();

    public override string ToString() => CountText.ToString(this);

    public void WriteTo(ByteWriter output) => CountText.Write(output, this);

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
