using FlameGraph.PerfData;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// Folds a perf.data's samples straight into a <see cref="SampleParser"/>, giving what folding
/// `perf script -F +pid` text gives without making that text: each sample's event line is
/// written as perf script prints it and read as the text is read; its frames are resolved to
/// (dso, symbol), and each distinct one is written and described once, so a later frame costs
/// two binary searches and an array probe. With --inline or --srcline, whose meanings depend on
/// more than the symbol, every frame line is written and read.
/// </summary>
sealed class PerfDataFolder(SampleParser parser, Machine machine) : PerfDataInputs.ISink
{
    readonly PerfScriptWriter _writer = new(machine);
    readonly List<CallchainEntries.Entry> _chain = [];

    /// <summary>
    /// Frame meanings by dso id then symbol index + 1 (0: no symbol), encoded by <see cref="Encode"/>;
    /// 0 is not yet known. One set for java processes, one for others (their rules differ).
    /// </summary>
    long[][] _meanings = [], _javaMeanings = [];
    long _noMap, _javaNoMap;

    /// <summary>How many samples had frames in objects without symbols, and which objects; null when none.</summary>
    public string? Summary() => machine.MissingSymbolsWarning(_writer.SamplesWithoutSymbols);

    public void Sample(EventAttr attr, PerfThread thread, in SampleRecord sample, int cpumode, in SampleLayout layout)
    {
        _writer.Clear();
        bool chain = _writer.WriteEventLine(attr, thread, sample, cpumode, layout.Fields, layout.UseCallchain, layout.NameWidth);
        parser.Line(_writer.Text);
        if (chain && parser.TakesFrames)
        {
            CallchainEntries.Collect(attr, sample, _chain);
            bool cached = parser.FrameMeaningsCacheable;
            foreach (var entry in _chain)
            {
                var frame = _writer.Resolve(thread, entry.Cpumode, entry.Ip);
                if (cached)
                    AddCached(frame, entry.Ip);
                else
                    AddAsText(frame, entry.Ip);
            }
        }
        parser.Line([]);
        _writer.CountMissing();
    }

    void AddCached(in ResolvedFrame frame, ulong ip)
    {
        if (!parser.TakesFrames)
            return;
        ref long slot = ref Slot(frame, parser.JavaProcess);
        if (slot == 0)
        {
            int start = _writer.Text.Length;
            _writer.WriteChainLine(frame, ip);
            var line = _writer.TextFrom(start);
            bool described = parser.TryDescribeFrameLine(line, out var meaning);
            if (!described)
            {
                parser.Line(line); // its pc matters: read as text, every time
                _writer.Truncate(start);
                return;
            }
            _writer.Truncate(start);
            slot = Encode(meaning);
        }
        parser.AddFrame(Decode(slot));
    }

    void AddAsText(in ResolvedFrame frame, ulong ip)
    {
        int start = _writer.Text.Length;
        _writer.WriteChainLine(frame, ip);
        parser.Line(_writer.TextFrom(start));
        _writer.Truncate(start);
    }

    ref long Slot(in ResolvedFrame frame, bool java)
    {
        if (frame.Map is not { } map)
            return ref java ? ref _javaNoMap : ref _noMap;
        ref long[][] byDso = ref java ? ref _javaMeanings : ref _meanings;
        var dso = map.Dso;
        if (dso.Id >= byDso.Length)
            Array.Resize(ref byDso, Math.Max(dso.Id + 1, byDso.Length * 2));
        var symbols = byDso[dso.Id] ??= new long[dso.Symbols.Count + 1];
        return ref symbols[frame.Symbol + 1];
    }

    static long Encode(CachedFrameLine meaning) => ((long)meaning.NameId << 8 | (long)meaning.Kind) + 1;

    static CachedFrameLine Decode(long slot) => new((int)((slot - 1) >> 8), (FrameLineKind)((slot - 1) & 0xff));
}
