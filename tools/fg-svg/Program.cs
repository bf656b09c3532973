using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using FlameGraph.Cli;
using FlameGraph.Internals;

using FlameGraph.Svg;

namespace FlameGraph.Tools.FgSvg;

/// <summary>
/// fg-svg: folded stacks to an interactive SVG flame graph. Drop-in for flamegraph.pl:
///   fg-collapse-perf perf.txt | fg-svg --title "My app" &gt; flame.svg
/// </summary>
public static partial class Program
{
    public static int Main(string[] args)
    {
        var title = new Option<string>("--title") { Description = "Title text (default \"Flame Graph\"; \"Icicle Graph\" with --inverted, \"Flame Chart\" with --flamechart)" };
        var subtitle = new Option<string>("--subtitle") { Description = "Second-level title (default none)" };
        var width = new Option<int>("--width") { Description = "Width of the image in pixels", DefaultValueFactory = _ => 1200 };
        var height = new Option<int>("--height") { Description = "Height of each frame in pixels", DefaultValueFactory = _ => 16 };
        var minWidth = new Option<string>("--minwidth") { Description = "Omit frames narrower than this: pixels, or N% of the total (default 0.1 pixels)" };
        var fontType = new Option<string>("--fonttype") { Description = "Font family", DefaultValueFactory = _ => "Verdana" };
        var fontSize = new Option<double>("--fontsize") { Description = "Font size in pixels", DefaultValueFactory = _ => 12 };
        var fontWidth = new Option<double>("--fontwidth") { Description = "Average character width relative to the font size, to fit labels", DefaultValueFactory = _ => 0.59 };
        var countName = new Option<string>("--countname") { Description = "What the counts are", DefaultValueFactory = _ => "samples" };
        var nameType = new Option<string>("--nametype") { Description = "What the names are, shown in the details line", DefaultValueFactory = _ => "Function:" };
        var colors = new Option<string>("--colors", "--color") { Description = "Palette: " + string.Join(", ", Palette.Names), DefaultValueFactory = _ => "hot" };
        var bgColors = new Option<string>("--bgcolors") { Description = "Background: yellow, blue, green, grey or #rrggbb (default from the palette)" };
        var hash = new Option<bool>("--hash") { Description = "Colour by a hash of the function name (similar names, similar colours)" };
        var random = new Option<bool>("--random") { Description = "Random colours, different on every run" };
        var deterministic = new Option<bool>("--deterministic") { Description = "Colour by an FNV-1a hash of the function name (inferno)" };
        var consistentPalette = new Option<bool>("--cp") { Description = "Consistent palette: reuse and update ./palette.map" };
        var reverse = new Option<bool>("--reverse") { Description = "Reverse every stack (leaves become roots)" };
        var inverted = new Option<bool>("--inverted") { Description = "Icicle graph: roots at the top" };
        var flameChart = new Option<bool>("--flamechart") { Description = "Flame chart: keep input order (time) instead of sorting" };
        var negate = new Option<bool>("--negate") { Description = "Swap differential hues (blue for more, red for less)" };
        var notes = new Option<string>("--notes") { Description = "Notes embedded in the SVG as a comment" };
        var factor = new Option<double>("--factor") { Description = "Multiply counts by this for display", DefaultValueFactory = _ => 1 };
        var total = new Option<string>("--total") { Description = "Total to scale widths to, when larger than the sum of counts" };
        var encoding = new Option<string>("--encoding") { Description = "Encoding named in the XML declaration" };
        var nameAttr = new Option<string>("--nameattr") { Description = "File of per-function attributes: name<TAB>attr=value..." };
        var searchColor = new Option<string>("--search-color") { Description = "Colour of search matches, #rrggbb", DefaultValueFactory = _ => "#e600e6" };
        var strokeColor = new Option<string>("--stroke-color") { Description = "Outline colour of frames, #rrggbb or none", DefaultValueFactory = _ => "none" };
        var uiColor = new Option<string>("--uicolor") { Description = "Colour of the title, buttons and details text, #rrggbb" };
        var noSort = new Option<bool>("--no-sort") { Description = "Input is already sorted: use it as it is (an error if it is not sorted)" };
        var files = new Argument<string[]>("files") { Description = "Folded stack files, merged (default stdin; \"-\" is stdin)", Arity = ArgumentArity.ZeroOrMore };

        var command = new RootCommand("Render folded stacks as an interactive SVG flame graph (drop-in for flamegraph.pl).\n"
            + "Example: fg-collapse-perf perf.txt | fg-svg --title \"My app\" > flame.svg")
        {
            title, subtitle, width, height, minWidth, fontType, fontSize, fontWidth, countName, nameType, colors, bgColors,
            hash, random, deterministic, consistentPalette, reverse, inverted, flameChart, negate, notes, factor, total,
            encoding, nameAttr, searchColor, strokeColor, uiColor, noSort, files,
        };
        command.SetAction(parsed =>
        {
            var (minWidthValue, minWidthPercent) = ParseMinWidth(parsed.GetValue(minWidth));
            string notesText = parsed.GetValue(notes) ?? "";
            string? stroke = parsed.GetValue(strokeColor);
            var options = new SvgOptions
            {
                Title = parsed.GetValue(title) is { Length: > 0 } t ? t : null,
                Subtitle = parsed.GetValue(subtitle) ?? "",
                ImageWidth = Positive(parsed.GetValue(width), "--width"),
                FrameHeight = Positive(parsed.GetValue(height), "--height"),
                MinWidth = minWidthValue,
                MinWidthIsPercent = minWidthPercent,
                FontType = parsed.GetValue(fontType)!,
                FontSize = parsed.GetValue(fontSize),
                FontWidth = parsed.GetValue(fontWidth),
                CountName = parsed.GetValue(countName)!,
                NameType = parsed.GetValue(nameType)!,
                Colors = parsed.GetValue(colors)!,
                BgColors = parsed.GetValue(bgColors),
                ColorMode = parsed.GetValue(hash) ? ColorMode.Hash
                    : parsed.GetValue(deterministic) ? ColorMode.Fnv
                    : parsed.GetValue(random) ? ColorMode.Random
                    : ColorMode.NameSeeded,
                ConsistentPalette = parsed.GetValue(consistentPalette),
                Reverse = parsed.GetValue(reverse),
                Inverted = parsed.GetValue(inverted),
                FlameChart = parsed.GetValue(flameChart),
                Negate = parsed.GetValue(negate),
                Notes = notesText,
                Factor = parsed.GetValue(factor),
                Total = ParseTotal(parsed.GetValue(total)),
                Encoding = parsed.GetValue(encoding),
                NameAttributes = parsed.GetValue(nameAttr) is { Length: > 0 } path ? NameAttributes.Read(path) : null,
                SearchColor = HexColor(parsed.GetValue(searchColor)!, "--search-color"),
                StrokeColor = stroke is null or "none" ? null : HexColor(stroke, "--stroke-color"),
                UiColor = parsed.GetValue(uiColor) is { } ui ? HexColor(ui, "--uicolor") : null,
                NoSort = parsed.GetValue(noSort),
            };
            options.Validate();
            var inputs = InputFiles.NamesOrStdin(parsed.GetValue(files));
            InputFiles.CheckReadable(inputs);
            using var output = StdoutStream.OpenWriter();
            var report = new FlameGraphRenderer(options).Run(inputs, output);
            Diagnostics.Print(report);
            if (!report.NoStackCounts)
                return 0;
            Diagnostics.Error("ERROR: No stack counts found");
            return 2;
        });
        return CommandLineApp.RunFilter("fg-svg", command, args);
    }

    /// <summary>flamegraph.pl's `^([0-9.]+)%?$`: pixels, or a percentage of the total.</summary>
    static (double Value, bool Percent) ParseMinWidth(string? text)
    {
        if (text is null)
            return (0.1, false);
        var match = MinWidthPattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new OptionsException($"value '{text}' is invalid for --minwidth: expected pixels or a percentage (N%)");
        return (value, text.EndsWith('%'));
    }

    static double ParseTotal(string? text)
    {
        if (text is null)
            return 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
            throw new OptionsException($"value '{text}' is invalid for --total: expected a number");
        return value;
    }

    static int Positive(int value, string option) =>
        value > 0 ? value : throw new OptionsException($"{option} must be a positive number");

    static string HexColor(string text, string option) =>
        HexColorPattern().IsMatch(text) ? text : throw new OptionsException($"value '{text}' is invalid for {option}: expected #rrggbb");

    [GeneratedRegex(@"^([0-9.]+)%?$")]
    private static partial Regex MinWidthPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColorPattern();
}
