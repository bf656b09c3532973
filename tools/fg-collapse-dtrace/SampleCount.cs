using System.Buffers.Text;
using System.Globalization;
using FlameGraph.Common;

namespace FlameGraph.CollapseDtrace;

/// <summary>
/// A stack's count as Perl keeps it in stackcollapse.pl: an exact unsigned 64-bit integer while
/// the sum fits (Perl's UV), a double once it does not (Perl's NV, printed with `%.15g`). Counts
/// are digit strings, so they are never negative and a double never turns back into an integer.
/// </summary>
readonly struct SampleCount
{
    readonly ulong _integer;
    readonly double _real;
    readonly bool _isReal;

    SampleCount(ulong integer) { _integer = integer; _real = 0; _isReal = false; }
    SampleCount(double real) { _integer = 0; _real = real; _isReal = true; }

    /// <summary>Numifies a string of ASCII digits (leading zeros allowed, any length).</summary>
    public static SampleCount Parse(ReadOnlySpan<byte> digits)
    {
        var significant = digits.TrimStart((byte)'0');
        if (significant.IsEmpty)
            return new SampleCount(0UL);
        if (Utf8Parser.TryParse(significant, out ulong value, out int used) && used == significant.Length)
            return new SampleCount(value);
        Span<char> chars = significant.Length <= 256 ? stackalloc char[significant.Length] : new char[significant.Length];
        for (int i = 0; i < significant.Length; i++)
            chars[i] = (char)significant[i];
        return new SampleCount(double.Parse(chars, NumberStyles.None, CultureInfo.InvariantCulture));
    }

    public static SampleCount operator +(SampleCount a, SampleCount b)
    {
        if (!a._isReal && !b._isReal)
        {
            ulong sum = unchecked(a._integer + b._integer);
            if (sum >= a._integer)
                return new SampleCount(sum);
        }
        return new SampleCount(a.AsDouble + b.AsDouble);
    }

    double AsDouble => _isReal ? _real : _integer;

    public void WriteTo(ByteWriter output)
    {
        if (_isReal)
            output.Write(PerlNumber.FormatDouble(_real));
        else
            output.Write(_integer);
    }
}
