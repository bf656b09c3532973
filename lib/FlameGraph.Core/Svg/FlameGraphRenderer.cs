using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// Folded stacks in, one interactive SVG out: flamegraph.pl's layout, colours and text.
/// Merges the stacks into frames, drops frames narrower than --minwidth, then writes the
/// document. With no counts at all, the error SVG flamegraph.pl writes (and the report says so).
/// </summary>
public sealed class FlameGraphRenderer(SvgOptions options)
{
    const int FramePad = 1;

    readonly NameTable _names = new();
    readonly FrameList _frames = new();
    byte[]?[] _colorCache = [];
    PaletteMap? _paletteMap;
    // Every count was an integer: a frame's samples are known exactly, as flamegraph.pl's integer
    // times hold them. Tooltips print them in full (its %.0f of a double rounds above 2^53) unless
    // a factor scales them or a larger --total replaces the root's.
    bool _exact, _totalGiven;

    /// <param name="open">Opens an input by name; default: the file (or stdin for "-").</param>
    public SvgReport Run(IReadOnlyList<string> inputs, ByteWriter output, Func<string, Stream>? open = null)
    {
        var report = new SvgReport();
        var background = Palette.Background(options.BgColors, options.Colors)
            ?? throw new OptionsException($"unrecognized bgcolor option \"{options.BgColors}\" (yellow, blue, green, grey or #rrggbb)");

        var source = new StackSource(inputs, options, open);
        var merger = source.FeedTo(NewMerger);
        merger.Finish();
        // Perl's total is an integer while the counts are; it becomes a double once, not per addition.
        double time = merger.IsExact ? merger.ExactTime : merger.Time;

        if (options.CountName == "samples" && time < 100)
            report.Warn($"Stack count is low ({NumberText.Perl(time)}). Did something go wrong?");
        if (source.IgnoredLines > 0)
            report.Warn($"Ignored {source.IgnoredLines} lines with invalid format");
        if (time == 0)
        {
            report.NoStackCounts = true;
            SvgDocument.WriteError(output, options);
            return report;
        }

        double timeMax = options.Total;
        if (timeMax != 0 && timeMax < time)
        {
            if (timeMax / time > 0.02)
                report.Warn($"Specified --total {NumberText.Perl(timeMax)} is less than actual total {(merger.IsExact ? merger.ExactTime.ToString(System.Globalization.CultureInfo.InvariantCulture) : NumberText.Perl(time))}, so ignored");
            timeMax = 0;
        }
        if (timeMax == 0)
            timeMax = time;
        _exact = merger.IsExact;
        _totalGiven = timeMax != time;

        _frames.RemoveNarrowerThan(MinWidthTime(timeMax));
        int depthMax = 0;
        for (int i = 0; i < _frames.Count; i++)
            depthMax = Math.Max(depthMax, _frames.Depth(i));

        if (options.ConsistentPalette)
            _paletteMap = PaletteMap.Load(options.PaletteFile);

        WriteDocument(output, timeMax, depthMax, merger.MaxDelta);
        output.Flush();

        _paletteMap?.Save(options.PaletteFile);
        return report;
    }

    FrameMerger NewMerger()
    {
        _frames.Clear();
        return new FrameMerger(_names, _frames, MinWidthTime);
    }

    /// <summary>The narrowest frame drawn, in time units, when the total is <paramref name="total"/>.</summary>
    double MinWidthTime(double total)
    {
        if (options.MinWidthIsPercent)
            return total * options.MinWidth / 100;
        double widthPerTime = (options.ImageWidth - 2.0 * SvgDocument.XPad) / total;
        return options.MinWidth / widthPerTime;
    }

    string Title => options.Title ?? (options.FlameChart ? "Flame Chart" : options.Inverted ? "Icicle Graph" : "Flame Graph");

    void WriteDocument(ByteWriter output, double timeMax, int depthMax, double maxDelta)
    {
        double fontSize = options.FontSize;
        double ypad1 = fontSize * 3;
        double ypad2 = fontSize * 2 + 10;
        double ypad3 = fontSize * 2;
        double height = (depthMax + 1) * options.FrameHeight + ypad1 + ypad2;
        if (options.Subtitle.Length > 0)
            height += ypad3;

        SvgDocument.WriteHeader(output, options, height);
        SvgDocument.WriteDefinitions(output, options, Palette.Background(options.BgColors, options.Colors)!.Value);
        SvgDocument.WriteScript(output, options);
        SvgDocument.WriteControls(output, options, Title, height, ypad2);

        var layout = new FrameLayout(options, timeMax, height, ypad1, ypad2);
        _colorCache = new byte[]?[_names.Count];
        for (int i = 0; i < _frames.Count; i++)
            WriteFrame(output, i, layout, maxDelta);
        SvgDocument.WriteEnd(output);
    }

    /// <summary>Geometry shared by every frame.</summary>
    sealed class FrameLayout(SvgOptions options, double timeMax, double height, double ypad1, double ypad2)
    {
        public readonly double TimeMax = timeMax;
        public readonly double WidthPerTime = (options.ImageWidth - 2.0 * SvgDocument.XPad) / timeMax;
        public readonly double Height = height;
        public readonly double YPad1 = ypad1;
        public readonly double YPad2 = ypad2;
        public readonly double CharWidth = options.FontSize * options.FontWidth;
        public readonly double ScaledTotal = timeMax * options.Factor;
    }

    void WriteFrame(ByteWriter output, int i, FrameLayout layout, double maxDelta)
    {
        int nameId = _frames.NameId(i);
        int depth = _frames.Depth(i);
        double start = _frames.Start(i);
        double end = _frames.End(i);
        double delta = _frames.Delta(i);
        byte[] name = _names[nameId];
        bool isRoot = depth == 0 && name.Length == 0;
        if (isRoot)
            end = layout.TimeMax;

        double x1 = SvgDocument.XPad + start * layout.WidthPerTime;
        double x2 = SvgDocument.XPad + end * layout.WidthPerTime;
        double y1, y2;
        if (!options.Inverted)
        {
            y1 = layout.Height - layout.YPad2 - (depth + 1) * options.FrameHeight + FramePad;
            y2 = layout.Height - layout.YPad2 - depth * options.FrameHeight;
        }
        else
        {
            y1 = layout.YPad1 + depth * options.FrameHeight;
            y2 = layout.YPad1 + (depth + 1) * options.FrameHeight - FramePad;
        }

        var attributes = options.NameAttributes?.Find(name);
        string? href = Truthy(attributes, "href");
        WriteGroupStart(output, attributes, href);

        output.Write("<title>"u8);
        if (Truthy(attributes, "title") is { } customTitle)
            XmlText.Write(output, customTitle);
        else
        {
            ulong? samples = _exact && !(isRoot && _totalGiven) ? _frames.Samples(i) : null;
            double width = samples is { } exact ? exact : end - start;
            WriteInfo(output, name, isRoot, width * options.Factor, options.Factor == 1 ? samples : null, delta, layout.ScaledTotal);
        }
        output.Write("</title><rect x=\""u8);

        Span<byte> x1Text = stackalloc byte[40], x2Text = stackalloc byte[40];
        int x1Length = NumberText.FormatFixed(x1, 1, x1Text);
        int x2Length = NumberText.FormatFixed(x2, 1, x2Text);
        output.Write(x1Text[..x1Length]);
        output.Write("\" y=\""u8);
        NumberText.WritePerl(output, y1);
        output.Write("\" width=\""u8);
        // flamegraph.pl subtracts the two rounded strings.
        double roundedWidth = ParseFixed(x2Text[..x2Length]) - ParseFixed(x1Text[..x1Length]);
        NumberText.WriteFixed(output, roundedWidth, 1);
        output.Write("\" height=\""u8);
        NumberText.WriteFixed(output, y2 - y1, 1);
        output.Write("\" fill=\""u8);
        output.Write(ColorOf(nameId, name, delta, maxDelta));
        output.Write("\" rx=\"2\" ry=\"2\" />\n<text  x=\""u8);
        NumberText.WriteFixed(output, x1 + 3, 2);
        output.Write("\" y=\""u8);
        NumberText.WritePerl(output, 3 + (y1 + y2) / 2);
        output.Write("\" >"u8);
        WriteLabel(output, name, (int)((x2 - x1) / layout.CharWidth));
        output.Write("</text>\n"u8);
        output.Write(href is null ? "</g>\n"u8 : "</a>\n"u8);
    }

    static double ParseFixed(ReadOnlySpan<byte> text)
    {
        // The text is a number this class formatted: it always parses.
        return System.Buffers.Text.Utf8Parser.TryParse(text, out double value, out _) ? value : double.NaN;
    }

    /// <summary>A nameattr value that Perl would treat as true (present, not "" and not "0").</summary>
    static string? Truthy(Dictionary<string, string>? attributes, string key) =>
        attributes is not null && attributes.TryGetValue(key, out var value) && value.Length > 0 && value != "0" ? value : null;

    static void WriteGroupStart(ByteWriter output, Dictionary<string, string>? attributes, string? href)
    {
        if (attributes is null)
        {
            output.Write("<g >\n"u8);
            return;
        }
        var parts = new List<string>();
        if (href is not null)
        {
            parts.Add($"xlink:href=\"{XmlText.Escape(href)}\"");
            parts.Add($"target=\"{XmlText.Escape(Truthy(attributes, "target") ?? "_top")}\"");
            if (Truthy(attributes, "a_extra") is { } aExtra)
                parts.Add(aExtra);
        }
        foreach (var key in (ReadOnlySpan<string>)["id", "class"])
            if (attributes.TryGetValue(key, out var value))
                parts.Add($"{key}=\"{XmlText.Escape(value)}\"");
        if (Truthy(attributes, "g_extra") is { } gExtra)
            parts.Add(gExtra);
        output.Write(href is null ? "<g "u8 : "<a "u8);
        output.Write(string.Join(' ', parts));
        output.Write(">\n"u8);
    }

    /// <summary>
    /// The tooltip: `name (N samples, P%)`, with `; +D%` for differential frames. N is
    /// <paramref name="exactSamples"/> in full when given, else `%.0f` of the scaled width.
    /// </summary>
    void WriteInfo(ByteWriter output, byte[] name, bool isRoot, double scaledWidth, ulong? exactSamples, double delta, double scaledTotal)
    {
        double samples = NumberText.RoundedCount(scaledWidth);
        if (isRoot)
        {
            output.Write("all ("u8);
            WriteSamples(output, scaledWidth, exactSamples);
            output.Write((byte)' ');
            XmlText.Write(output, options.CountName);
            output.Write(", 100%)"u8);
            return;
        }
        XmlText.Write(output, WithoutAnnotation(name));
        output.Write(" ("u8);
        WriteSamples(output, scaledWidth, exactSamples);
        output.Write((byte)' ');
        XmlText.Write(output, options.CountName);
        output.Write(", "u8);
        NumberText.WriteFixed(output, 100 * samples / scaledTotal, 2);
        output.Write((byte)'%');
        if (!double.IsNaN(delta))
        {
            double d = options.Negate ? -delta : delta;
            if (d == 0)
                d = 0; // no "-0.00"
            output.Write("; "u8);
            if (d > 0)
                output.Write((byte)'+');
            NumberText.WriteFixed(output, 100 * d / scaledTotal, 2);
            output.Write((byte)'%');
        }
        output.Write((byte)')');
    }

    static void WriteSamples(ByteWriter output, double scaledWidth, ulong? exactSamples)
    {
        if (exactSamples is { } exact)
            CountText.WriteGrouped(output, exact);
        else
            NumberText.WriteCount(output, scaledWidth);
    }

    /// <summary>perf's annotations (_[k] kernel, _[j] JIT, _[i] inlined, _[w] waker) are not shown.</summary>
    static ReadOnlySpan<byte> WithoutAnnotation(ReadOnlySpan<byte> name)
    {
        if (name.Length >= 4 && name[^4] == '_' && name[^3] == '[' && name[^1] == ']'
            && (name[^2] == 'k' || name[^2] == 'w' || name[^2] == 'i' || name[^2] == 'j'))
            return name[..^4];
        return name;
    }

    /// <summary>The label: as many characters as fit, the last two replaced by ".." when cut; none below 3.</summary>
    static void WriteLabel(ByteWriter output, ReadOnlySpan<byte> name, int chars)
    {
        if (chars < 3)
            return;
        name = WithoutAnnotation(name);
        if (System.Text.Ascii.IsValid(name))
        {
            if (chars >= name.Length)
            {
                XmlText.Write(output, name, quotes: false);
                return;
            }
            XmlText.Write(output, name[..(chars - 2)], quotes: false);
            output.Write(".."u8);
            return;
        }
        // Perl counts characters, not bytes.
        int length = 0, keep = -1, offset = 0;
        while (offset < name.Length)
        {
            if (length == chars - 2)
                keep = offset;
            Rune.DecodeFromUtf8(name[offset..], out _, out int used);
            offset += used;
            length++;
        }
        if (chars >= length)
        {
            XmlText.Write(output, name, quotes: false);
            return;
        }
        XmlText.Write(output, name[..keep], quotes: false);
        output.Write(".."u8);
    }

    static readonly byte[] VeryDarkGrey = "rgb(160,160,160)"u8.ToArray();
    static readonly byte[] DarkGrey = "rgb(200,200,200)"u8.ToArray();

    ReadOnlySpan<byte> ColorOf(int nameId, byte[] name, double delta, double maxDelta)
    {
        if (name.AsSpan().SequenceEqual("--"u8))
            return VeryDarkGrey;
        if (name.AsSpan().SequenceEqual("-"u8))
            return DarkGrey;
        if (!double.IsNaN(delta))
            return Rgb(Palette.Differential(delta, maxDelta, options.Negate));
        if (_paletteMap is not null)
        {
            if (!_paletteMap.TryGet(name, out var mapped))
            {
                mapped = PaletteColor(name);
                _paletteMap.Add(name, mapped);
            }
            return mapped;
        }
        if (options.ColorMode == ColorMode.Random)
            return PaletteColor(name);
        return _colorCache[nameId] ??= PaletteColor(name);
    }

    byte[] PaletteColor(ReadOnlySpan<byte> name)
    {
        double v1, v2, v3;
        switch (options.ColorMode)
        {
            case ColorMode.Hash:
                (v1, v2) = ColorValues.Hash(name);
                v3 = v2;
                break;
            case ColorMode.Random:
                v1 = Random.Shared.NextDouble();
                v2 = Random.Shared.NextDouble();
                v3 = Random.Shared.NextDouble();
                break;
            case ColorMode.Fnv:
                (v1, v2, v3) = ColorValues.Fnv(name);
                break;
            default:
                v1 = v2 = v3 = ColorValues.NameSeeded(name);
                break;
        }
        return Rgb(Palette.Color(options.Colors, name, v1, v2, v3));
    }

    static byte[] Rgb((int R, int G, int B) c) => Encoding.ASCII.GetBytes($"rgb({c.R},{c.G},{c.B})");
}
