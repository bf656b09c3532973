using FlameGraph.Common;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Wrapper;

/// <summary>The combinations and values `flamegraph` refuses, each with a usage error, before anything runs.</summary>
public static class WrapperOptionRules
{
    public static void Check(WrapperOptions options)
    {
        RecordOptionRules.Check(options.Record);
        var svg = options.Svg;
        if (svg.Reverse && svg.FlameChart)
            throw new UsageException("--reverse cannot be used with --flamechart");
        if (svg.Notes.Contains('<') || svg.Notes.Contains('>'))
            throw new UsageException("--notes cannot contain < or >");
        if (!(svg.MinWidth >= 0) || double.IsInfinity(svg.MinWidth))
            throw new UsageException($"--min-width must be a percentage of 0 or more, not {svg.MinWidth}");
        if (svg.ImageWidth <= 0)
            throw new UsageException($"--image-width must be a positive number of pixels, not {svg.ImageWidth}");
        if (!Palette.Names.Contains(svg.Colors))
            throw new UsageException($"--palette must be one of {string.Join(", ", Palette.Names)}, not '{svg.Colors}'");
        if (options.Output.Length == 0)
            throw new UsageException("--output needs a file name");
    }
}
