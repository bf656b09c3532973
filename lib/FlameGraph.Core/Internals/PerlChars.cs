using System.Runtime.CompilerServices;

namespace FlameGraph.Internals;

/// <summary>Perl's regex character classes on bytes (no locale, no Unicode rules), as the Perl tool sees its input.</summary>
static class PerlChars
{
    /// <summary>`\s`: space, \t, \n, \v, \f, \r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(byte b) => b == (byte)' ' || (b >= 9 && b <= 13);

    /// <summary>`\d`: ASCII digits only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>`\w`: ASCII letters, digits and '_'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWord(byte b) => WordBytes[b] != 0;

    static ReadOnlySpan<byte> WordBytes =>
    [
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,
        0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,1,
        0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    ];

    // Scalar loops: the runs skipped (indentation, a pc, a few spaces) are a few bytes long,
    // shorter than a vectorised search needs to pay for its setup.
    public static int SkipSpaces(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsSpace(s[i]))
            i++;
        return i;
    }

    public static int SkipWord(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsWord(s[i]))
            i++;
        return i;
    }

    public static int SkipDigits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsDigit(s[i]))
            i++;
        return i;
    }

    /// <summary>`s/^\s*//; s/\s*$//`.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int start = SkipSpaces(s, 0);
        int end = s.Length;
        while (end > start && IsSpace(s[end - 1]))
            end--;
        return s[start..end];
    }
}
