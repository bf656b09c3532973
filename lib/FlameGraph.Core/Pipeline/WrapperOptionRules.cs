using FlameGraph.Folded;
using FlameGraph.Internals;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Pipeline;

/// <summary>The combinations and values `flamegraph` refuses, each with a usage error, before anything runs.</summary>
public static class WrapperOptionRules
{
    public static void Check(WrapperOptions options)
    {
        RecordOptionRules.Check(options.Record);
        var svg = options.Svg;
        if (svg.Reverse && svg.FlameChart)
            throw new OptionsException("--reverse cannot be used with --flamechart");
        if (svg.Notes.Contains('<') || svg.Notes.Contains('>'))
            throw new OptionsException("--notes cannot contain < or >");
        if (!(svg.MinWidth >= 0) || double.IsInfinity(svg.MinWidth))
            throw new OptionsException($"--min-width must be a percentage of 0 or more, not {svg.MinWidth}");
        if (svg.ImageWidth <= 0)
            throw new OptionsException($"--image-width must be a positive number of pixels, not {svg.ImageWidth}");
        if (!Palette.Names.Contains(svg.Colors))
            throw new OptionsException($"--palette must be one of {string.Join(", ", Palette.Names)}, not '{svg.Colors}'");
        if (options.Output.Length == 0)
            throw new OptionsException("--output needs a file name");
    }
}
