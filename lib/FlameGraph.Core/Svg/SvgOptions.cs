namespace FlameGraph.Svg;

/// <summary>How a flame graph is drawn. Defaults are flamegraph.pl's.</summary>
public readonly record struct SvgOptions
{
    public SvgOptions() { }

    /// <summary>Heading; null picks "Flame Graph", "Icicle Graph" (inverted) or "Flame Chart" (flame chart).</summary>
    public string? Title { get; init; }
    /// <summary>Second heading under the title; empty for none.</summary>
    public string Subtitle { get; init; } = "";
    /// <summary>Image width in pixels (1200).</summary>
    public int ImageWidth { get; init; } = 1200;
    /// <summary>Height of one frame in pixels (16).</summary>
    public int FrameHeight { get; init; } = 16;
    /// <summary>Frames narrower than this are left out (0.1 pixels).</summary>
    public double MinWidth { get; init; } = 0.1;
    /// <summary>MinWidth is a percentage of the total rather than pixels ("N%").</summary>
    public bool MinWidthIsPercent { get; init; }
    /// <summary>CSS font family ("Verdana").</summary>
    public string FontType { get; init; } = "Verdana";
    /// <summary>Font size in pixels (12); the title is 5 larger.</summary>
    public double FontSize { get; init; } = 12;
    /// <summary>Average character width relative to the font size (0.59), to fit labels.</summary>
    public double FontWidth { get; init; } = 0.59;
    /// <summary>What the counts are ("samples").</summary>
    public string CountName { get; init; } = "samples";
    /// <summary>What the names are, shown before a frame in the details line ("Function:").</summary>
    public string NameType { get; init; } = "Function:";
    /// <summary>Palette name ("hot").</summary>
    public string Colors { get; init; } = "hot";
    /// <summary>Background: yellow, blue, green, grey or #rrggbb; null derives it from the palette.</summary>
    public string? BgColors { get; init; }
    /// <summary>How frame colours are chosen from names.</summary>
    public ColorMode ColorMode { get; init; } = ColorMode.NameSeeded;
    /// <summary>Read and rewrite ./palette.map so names keep their colours across graphs.</summary>
    public bool ConsistentPalette { get; init; }
    /// <summary>Where the consistent palette lives ("palette.map" in the working directory).</summary>
    public string PaletteFile { get; init; } = "palette.map";
    /// <summary>Reverse every stack before merging (leaves become roots).</summary>
    public bool Reverse { get; init; }
    /// <summary>Icicle layout: roots at the top.</summary>
    public bool Inverted { get; init; }
    /// <summary>Keep input order left to right instead of sorting (time on the x axis).</summary>
    public bool FlameChart { get; init; }
    /// <summary>Swap the differential hues (red for less, blue for more).</summary>
    public bool Negate { get; init; }
    /// <summary>Text for the NOTES comment; empty for none.</summary>
    public string Notes { get; init; } = "";
    /// <summary>Multiplier for counts as displayed (1).</summary>
    public double Factor { get; init; } = 1;
    /// <summary>Total to scale widths to, when larger than the sum of counts; 0 for the sum.</summary>
    public double Total { get; init; }
    /// <summary>Value of the XML declaration's encoding attribute; null for none.</summary>
    public string? Encoding { get; init; }
    /// <summary>Per-function attributes (title, href, target, id, class, g_extra, a_extra); null for none.</summary>
    public NameAttributes? NameAttributes { get; init; }
    /// <summary>Colour of matches when searching, #rrggbb ("#e600e6").</summary>
    public string SearchColor { get; init; } = "#e600e6";
    /// <summary>Outline colour of frames, #rrggbb; null for none.</summary>
    public string? StrokeColor { get; init; }
    /// <summary>Colour of the title, buttons and details text, #rrggbb; null for the default black.</summary>
    public string? UiColor { get; init; }
    /// <summary>The input is already sorted: use it in order, and fail if it is not sorted.</summary>
    public bool NoSort { get; init; }

    /// <summary>The rules every renderer's command line shares (flamegraph.pl's and inferno's).</summary>
    public void Validate()
    {
        // The notes go into an XML comment unescaped, as flamegraph.pl writes them.
        if (Notes.Contains('<') || Notes.Contains('>'))
            throw new OptionsException("notes string can't contain < or >");
        if (NoSort && (Reverse || FlameChart))
            throw new OptionsException("--no-sort cannot be combined with --reverse or --flamechart");
    }
}

/// <summary>Where a frame colour's three random components come from.</summary>
public enum ColorMode
{
    /// <summary>flamegraph.pl's default: Perl's rand seeded with the sum of the name's code points.</summary>
    NameSeeded,
    /// <summary>--hash: weighted hash of the first characters of the name and of the reversed name.</summary>
    Hash,
    /// <summary>--random: fresh random values for every frame.</summary>
    Random,
    /// <summary>--deterministic: FNV-1a of the name's bytes (inferno).</summary>
    Fnv,
}
