namespace FlameGraph.Svg;

/// <summary>What rendering found: warnings, and whether there was nothing to draw.</summary>
public sealed class SvgReport : StageReport
{
    /// <summary>
    /// No line had a count: the SVG written is flamegraph.pl's error document, and its command
    /// line ends with "ERROR: No stack counts found" (exit status 2).
    /// </summary>
    public bool NoStackCounts { get; set; }
}
