using FlameGraph.Common;

namespace FlameGraph.FoldFilter;

/// <summary>The warnings fg-fold-filter can print.</summary>
public static class Warnings
{
    public static void LinesWithoutCount(string source, SkippedLines skipped) =>
        Diagnostics.Warning($"{source}: skipped {skipped.Count} line{(skipped.Count == 1 ? "" : "s")} without a count (first at line {skipped.FirstLine})");
}
