using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace FlameGraph.Tests.Fuzz;

/// <summary>
/// Inputs on which a property would fail for a bug whose fix is on its way: the property skips
/// only the assertion the bug breaks, for only these inputs. Each goes when its fix is in.
/// </summary>
public static partial class KnownBugs
{
    // known, fixed elsewhere: fg-diff -s crashes on `a;0x1234567890 1` followed by a longer stack
    // of `0x1` frames (a hex number of one or two digits grows when it becomes `0x...`).
    public static bool DiffStripHexCrash(byte[] text) => ShortHex().IsMatch(Encoding.Latin1.GetString(text));

    [System.Text.RegularExpressions.GeneratedRegex("0x[0-9a-fA-F]{1,2}(?![0-9a-fA-F])")]
    private static partial System.Text.RegularExpressions.Regex ShortHex();

    // known, fixed elsewhere: fg-collapse-perf caps periods above 461168601842738790.
    public static bool PerfPeriodCapped(BigInteger largestPeriod) => largestPeriod > 461_168_601_842_738_790;

    // known, fixed elsewhere: fg-diff and fg-fold-filter print counts >= 10^15 as 1e+15.
    public static bool ExponentCount(BigInteger count) => count >= BigInteger.Pow(10, 15);

    // known, fixed elsewhere: fg-svg writes invalid XML for invalid UTF-8 names (`a;k0\xf9b 1`).
    public static bool SvgInvalidUtf8(byte[] text) => !Utf8.IsValid(text);
}
