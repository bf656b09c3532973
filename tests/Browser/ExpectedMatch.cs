using System.Globalization;
using System.Text.RegularExpressions;

namespace FlameGraph.Tests.Browser;

/// <summary>
/// What "Matched: P%" must say, worked out from the frame tree rather than from pixels: the
/// samples of every matching frame that has no matching ancestor, over the samples in view.
/// </summary>
public static class ExpectedMatch
{
    public static string Text(IReadOnlyList<LaidOutFrame> frames, string pattern, LaidOutFrame? zoomedTo = null,
        bool ignoreCase = false)
    {
        var re = new Regex(pattern, ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        // Zoomed, the view is the zoomed frame's subtree, and an ancestor of it spans the whole view.
        var view = zoomedTo ?? frames.Single(f => f.Depth == 0);
        if (zoomedTo is not null && frames.Any(f => f.Depth < zoomedTo.Depth && IsWithin(zoomedTo, f) && re.IsMatch(f.Title)))
            return "Matched: 100%";
        var inView = frames.Where(f => f.Depth >= view.Depth && IsWithin(f, view)).ToList();
        var matched = inView.Where(f => re.IsMatch(f.Title)).ToList();
        long covered = matched
            .Where(f => !matched.Any(a => a.Depth < f.Depth && IsWithin(f, a)))
            .Sum(f => f.Samples);
        double pct = 100.0 * covered / view.Samples;
        return "Matched: " + (covered == view.Samples ? "100" : pct.ToString("F1", CultureInfo.InvariantCulture)) + "%";
    }

    static bool IsWithin(LaidOutFrame inner, LaidOutFrame outer) => inner.Start >= outer.Start && inner.End <= outer.End;
}
