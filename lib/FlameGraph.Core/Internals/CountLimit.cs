using System.Text;

namespace FlameGraph.Internals;

/// <summary>
/// The one rule for counts in every tool: an integral count, and every sum of counts, is an
/// exact unsigned 64-bit integer, up to 18446744073709551615 (2^64-1). Beyond that the Perl
/// tools go on in floating point and print a rounded number; we stop with an error instead,
/// naming where the count was read or which stack's counts added up too far.
/// </summary>
public static class CountLimit
{
    public const ulong Max = ulong.MaxValue;

    /// <summary>2^64 as a double: a fractional count or sum this large has left the range.</summary>
    public const double RealBound = 18446744073709551616.0;

    /// <summary>"file:line" for messages; stdin is named "stdin".</summary>
    public static string Place(string input, long line) =>
        $"{(input == InputFiles.StdinName ? "stdin" : input)}:{line}";

    /// <summary>A count (or, as <paramref name="what"/> names it, a period) read at <paramref name="where"/> ("file:line") beyond the range.</summary>
    public static StageException TooLarge(string where, ReadOnlySpan<byte> count, string what = "count") =>
        new($"{where}: {what} {Encoding.ASCII.GetString(count)} does not fit in 64 bits (the largest is {Max})");

    /// <summary>The counts of one stack added up beyond the range.</summary>
    public static StageException SumTooLarge(ReadOnlySpan<byte> stack, string? where = null) =>
        new($"{(where is null ? "" : where + ": ")}the counts of stack '{Encoding.UTF8.GetString(stack)}' add up to more than {Max}");
}

/// <summary>
/// Counts that added up beyond <see cref="CountLimit.Max"/>; callers that know which stack or
/// line it was throw <see cref="CountLimit.SumTooLarge"/> instead, so this message is the fallback.
/// </summary>
public sealed class CountOverflowException() : StageException($"counts add up to more than {CountLimit.Max}");
