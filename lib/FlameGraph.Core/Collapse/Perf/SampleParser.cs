using System.Text;
using FlameGraph.Folded;
using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>The event whose samples are kept: given by the user, or the first one in the input.</summary>
sealed class EventFilter(string? given)
{
    public byte[]? Event { get; set; } = string.IsNullOrEmpty(given) ? null : Encoding.UTF8.GetBytes(given);

    /// <summary>True when the filter was taken from the input rather than given.</summary>
    public bool Defaulted { get; set; }
}

/// <summary>
/// Folds `perf script` text into stack counts, one line at a time, with the state machine of
/// stackcollapse-perf.pl: an event line names the process, frame lines (leaf first) build the
/// stack, a blank line stores it. Its state lives across calls, so one parser may be fed the
/// input's chunks in order; parallel workers each feed theirs chunks cut at blank lines.
/// </summary>
sealed class SampleParser
{
    readonly PerfCollapseOptions _options;
    readonly EventFilter _filter;
    readonly FrameCleaner _cleaner;
    readonly Inliner? _inliner;
    readonly SkipAfter? _skipAfter;

    readonly FrameNames _names;
    /// <summary>
    /// Frame line meanings, one cache for java processes (their `L` rule differs) and one for
    /// others; null when lines read beyond themselves (--inline, --srcline).
    /// </summary>
    readonly FrameLineCache? _lines, _javaLines;
    readonly ModuleIds _modules = new();
    readonly List<int> _stack = [];
    readonly ByteBuffer _pname = new(64);
    readonly ByteBuffer _frame = new(256);
    readonly ByteBuffer _part = new(256);

    bool _hasPname;
    int _pnameId;
    bool _javaProcess;
    ulong _period;
    // The digits of a period beyond 2^64-1 on the line just handled, for Process to place.
    byte[]? _periodTooLarge;
    bool _cutAtSkipAfter;

    // --srcline: the parts of a frame still waiting for their source lines.
    List<byte[]>? _pendingParts;
    List<bool>? _pendingNeedsLine;
    int _pendingIndex;

    public SampleParser(PerfCollapseOptions options, EventFilter filter, FrameNames names)
    {
        _names = names;
        _options = options;
        _filter = filter;
        _cleaner = new FrameCleaner(options);
        if (!options.Inline && !options.SourceLines)
        {
            _lines = new FrameLineCache();
            _javaLines = new FrameLineCache();
        }
        if (options.Inline)
            _inliner = new Inliner(options.InlineContext);
        if (options.SkipAfter.Count > 0)
            _skipAfter = new SkipAfter(options.SkipAfter);
    }

    /// <summary>Samples of other events skipped by the event filter, by event name.</summary>
    public EventCounts SkippedEvents { get; } = new();

    /// <summary>The stacks folded so far, by frame ids of the shared names.</summary>
    public IdStackCounts Stacks { get; } = new();

    public void Process(Chunk chunk)
    {
        var data = chunk.Data.AsSpan(0, chunk.Length);
        var segments = chunk.Segments;
        var stats = new SegmentStats[segments.Count];
        for (int i = 0; i < stats.Length; i++)
            stats[i] = new SegmentStats(segments[i].FileIndex);
        chunk.Stats = stats;

        int segment = 0;
        int nextSegment = segments.Count > 1 ? segments[1].Offset : int.MaxValue;
        var current = stats[0];
        int pos = 0;
        while (pos < data.Length)
        {
            while (pos >= nextSegment)
            {
                segment++;
                current = stats[segment];
                nextSegment = segment + 1 < segments.Count ? segments[segment + 1].Offset : int.MaxValue;
            }
            int newline = data[pos..].IndexOf((byte)'\n');
            int end = newline < 0 ? data.Length : pos + newline;
            var line = data[pos..end];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
                line = line[..^1];
            current.Lines++;
            if (!HandleLine(line))
            {
                current.Unrecognized++;
                if (current.FirstUnrecognized == 0)
                    current.FirstUnrecognized = current.Lines;
            }
            if (_periodTooLarge is not null)
            {
                if (current.FirstPeriodTooLarge == 0)
                    (current.FirstPeriodTooLarge, current.PeriodTooLarge) = (current.Lines, _periodTooLarge);
                _periodTooLarge = null;
            }
            pos = end + 1;
        }
    }

    /// <summary>One line of `perf script` text, without its newline, read as <see cref="Process"/> reads each line.</summary>
    /// <returns>False for a line that is none of comment, blank, event or frame.</returns>
    public bool Line(ReadOnlySpan<byte> line) => HandleLine(line);

    /// <summary>Whether the sample being read takes frames: its event is kept and no --skip-after function cut it.</summary>
    public bool TakesFrames => _hasPname && !_cutAtSkipAfter && _pendingParts is null;

    /// <summary>Whether the sample being read is a java process's (whose frame meanings differ).</summary>
    public bool JavaProcess => _javaProcess;

    /// <summary>Whether a frame line's meaning depends only on its symbol and dso (not with --inline or --srcline).</summary>
    public bool FrameMeaningsCacheable => _lines is not null;

    /// <summary>
    /// What a frame line adds to the stack, for a caller that caches it by the line's symbol and
    /// dso; false when the line is no frame line or its pc matters (--addrs on an unknown symbol).
    /// </summary>
    public bool TryDescribeFrameLine(ReadOnlySpan<byte> line, out CachedFrameLine meaning)
    {
        meaning = default;
        if (!FrameLine.TryParse(line, out var frame))
            return false;
        var symbol = StripOffset(frame.RawFunc);
        if (_options.IncludeAddresses && symbol.IndexOf("[unknown]"u8) >= 0)
            return false;
        meaning = Describe(frame, symbol);
        return true;
    }

    /// <summary>Adds a frame whose meaning <see cref="TryDescribeFrameLine"/> gave, if the sample takes frames.</summary>
    public void AddFrame(CachedFrameLine meaning)
    {
        if (_hasPname && !_cutAtSkipAfter)
            Apply(meaning);
    }

    /// <summary>End of input: a sample still open is stored (the Perl tool drops it; we lose nothing).</summary>
    public void Finish()
    {
        if (_pendingParts is not null)
            CommitPendingFrame();
        EndSample();
    }

    /// <returns>False for a line that is none of comment, blank, event or frame.</returns>
    bool HandleLine(ReadOnlySpan<byte> line)
    {
        if (_pendingParts is not null)
        {
            AddSourceLine(line);
            return true;
        }
        if (line.IsEmpty)
        {
            EndSample();
            return true;
        }
        if (line[0] == (byte)'#')
            return true;
        if (_lines is not null && PerlChars.IsSpace(line[0]))
            return HandleCachedFrameLine(line);
        if (!PerlChars.IsSpace(line[0]) && EventLine.TryParse(line, out var sampleStart))
        {
            StartSample(sampleStart);
            return true;
        }
        if (FrameLine.TryParse(line, out var frame))
        {
            if (_hasPname)
                AddFrame(frame);
            return true;
        }
        return false;
    }

    void EndSample()
    {
        if (!_hasPname)
            return;
        if (!_cutAtSkipAfter)
            _stack.Add(_pnameId);
        if (_stack.Count > 0)
            Stacks.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_stack), _period);
        _stack.Clear();
        _hasPname = false;
        _cutAtSkipAfter = false;
    }

    void StartSample(in EventLine line)
    {
        if (line.HasEvent)
        {
            if (_filter.Event is null)
            {
                _filter.Event = line.Event.ToArray();
                _filter.Defaulted = true;
            }
            else if (!line.Event.SequenceEqual(_filter.Event))
            {
                SkippedEvents.Add(line.Event, 1);
                return; // the sample's frames are ignored: no process name is set
            }
        }
        if (!TryParsePeriod(line.PeriodDigits, out _period))
            _periodTooLarge = line.PeriodDigits.ToArray();

        ReadOnlySpan<byte> pid = line.Pid, tid = line.Tid;
        if (tid.IsEmpty || tid.SequenceEqual("0"u8))
        {
            tid = pid;
            pid = "?"u8;
        }
        _pname.Clear();
        _pname.Append(line.Comm);
        _pname.Replace((byte)' ', (byte)'_');
        if (_options.IncludeTid || _options.IncludePid)
        {
            _pname.Append((byte)'-');
            _pname.Append(pid);
            if (_options.IncludeTid)
            {
                _pname.Append((byte)'/');
                _pname.Append(tid);
            }
        }
        _pnameId = _names.Intern(_pname.Span);
        _javaProcess = line.Comm.StartsWith("java"u8);
        _hasPname = true;
    }

    /// <summary>
    /// Perl's `$period = 1 if not $period`: absent or "0" counts 1. False for a period beyond
    /// 2^64-1, which the run reports as an error (Perl would go on with a rounded double).
    /// </summary>
    static bool TryParsePeriod(ReadOnlySpan<byte> digits, out ulong period)
    {
        period = 1;
        if (digits.IsEmpty || digits.SequenceEqual("0"u8))
            return true;
        ulong value = 0;
        foreach (byte d in digits)
        {
            uint digit = (uint)(d - '0');
            if (value > (ulong.MaxValue - digit) / 10)
                return false;
            value = value * 10 + digit;
        }
        period = value;
        return true;
    }

    /// <summary>A frame line with a leading space, through the cache of frame line meanings.</summary>
    bool HandleCachedFrameLine(ReadOnlySpan<byte> line)
    {
        if (!FrameLine.TryParse(line, out var frame))
            return false;
        if (!_hasPname || _cutAtSkipAfter)
            return true;
        var symbol = StripOffset(frame.RawFunc);
        if (_options.IncludeAddresses && symbol.IndexOf("[unknown]"u8) >= 0)
        {
            Apply(Describe(frame, symbol)); // --addrs prints this frame's pc: not a function of the key
            return true;
        }
        int module = _modules.Get(frame.Module);
        var cache = _javaProcess ? _javaLines! : _lines!;
        if (!cache.TryGet(symbol, module, out var cached))
        {
            cached = Describe(frame, symbol);
            cache.Add(symbol, module, cached);
        }
        Apply(cached);
        return true;
    }

    void Apply(CachedFrameLine frame)
    {
        if ((frame.Kind & FrameLineKind.CutsStack) != 0)
            _cutAtSkipAfter = true;
        if ((frame.Kind & FrameLineKind.NoFrame) == 0)
            _stack.Add(frame.NameId);
    }

    void Push(ReadOnlySpan<byte> name) => _stack.Add(_names.Intern(name));

    void AddFrame(in FrameLine frame)
    {
        if (_cutAtSkipAfter)
            return;
        if (_inliner is not null && FrameCleaner.CanInline(frame.Module))
        {
            string inlined = _inliner.Resolve(Encoding.UTF8.GetString(frame.Pc), Encoding.UTF8.GetString(frame.RawFunc), Encoding.UTF8.GetString(frame.Module));
            if (inlined is not ("" or "??" or "??:??:0"))
            {
                Push(Encoding.UTF8.GetBytes(inlined));
                return;
            }
        }
        var symbol = StripOffset(frame.RawFunc);
        if (_options.SourceLines)
            AddSourceLineFrame(frame, symbol);
        else
            Apply(Describe(frame, symbol));
    }

    /// <summary>
    /// Perl's clean-up of a symbol whose offset is already stripped: a `(process)` symbol
    /// dropped, the --skip-after test on the raw symbol, trailing "-&gt;" dropped.
    /// </summary>
    /// <returns>False when no frame is left.</returns>
    bool TrimSymbol(ref ReadOnlySpan<byte> raw, out FrameLineKind kind)
    {
        kind = FrameLineKind.Frame;
        if (!raw.IsEmpty && raw[0] == (byte)'(')
        {
            kind = FrameLineKind.NoFrame; // a process name, not a function
            return false;
        }
        if (_skipAfter is { } skipAfter && skipAfter.Matches(raw))
            kind = FrameLineKind.CutsStack;

        // Perl's split drops trailing empty fields: "a->" is one part, "->" none.
        while (raw.EndsWith("->"u8))
            raw = raw[..^2];
        if (raw.IsEmpty)
        {
            kind |= FrameLineKind.NoFrame;
            return false;
        }
        return true;
    }

    /// <summary>What a frame line adds to the stack, without --srcline or --inline; a function of the key's parts.</summary>
    CachedFrameLine Describe(in FrameLine frame, ReadOnlySpan<byte> raw)
    {
        if (!TrimSymbol(ref raw, out var kind))
            return new CachedFrameLine(0, kind);

        var facts = _cleaner.Inspect(frame.Module);
        bool unknown = false;
        int special = raw.IndexOfAny(FrameCleaner.NotPlain);
        if (special < 0)
            return new CachedFrameLine(_names.Intern(_cleaner.Clean(raw, frame.Pc, frame.Module, facts, _javaProcess, 0, ref unknown, _frame, plain: true)), kind);
        if (IndexOfArrow(raw[special..]) < 0)
            return new CachedFrameLine(_names.Intern(_cleaner.Clean(raw, frame.Pc, frame.Module, facts, _javaProcess, 0, ref unknown, _frame)), kind);

        // an inline chain `outer->inner->...`: parts in order, joined as one block
        _frame.Clear();
        for (int index = 0; ; index++)
        {
            int next = IndexOfArrow(raw);
            var part = next < 0 ? raw : raw[..next];
            var name = _cleaner.Clean(part, frame.Pc, frame.Module, facts, _javaProcess, index, ref unknown, _part);
            if (index > 0)
                _frame.Append((byte)';');
            _frame.Append(name);
            if (next < 0)
                break;
            raw = raw[(next + 2)..];
        }
        return new CachedFrameLine(_names.Intern(_frame.Span), kind);
    }

    /// <summary>--srcline: each part (but an unknown one) takes the next input line as its source line.</summary>
    void AddSourceLineFrame(in FrameLine frame, ReadOnlySpan<byte> raw)
    {
        bool kept = TrimSymbol(ref raw, out var kind);
        if ((kind & FrameLineKind.CutsStack) != 0)
            _cutAtSkipAfter = true;
        if (!kept)
            return;

        var facts = _cleaner.Inspect(frame.Module);
        bool unknown = false;
        _pendingParts = [];
        _pendingNeedsLine = [];
        for (int index = 0; ; index++)
        {
            int next = IndexOfArrow(raw);
            var part = next < 0 ? raw : raw[..next];
            _pendingParts.Add(_cleaner.Clean(part, frame.Pc, frame.Module, facts, _javaProcess, index, ref unknown, _part).ToArray());
            _pendingNeedsLine.Add(!unknown);
            if (next < 0)
                break;
            raw = raw[(next + 2)..];
        }
        _pendingIndex = -1;
        AdvancePending();
    }

    void AdvancePending()
    {
        do
            _pendingIndex++;
        while (_pendingIndex < _pendingParts!.Count && !_pendingNeedsLine![_pendingIndex]);
        if (_pendingIndex == _pendingParts.Count)
            CommitPendingFrame();
    }

    /// <summary>`s/\[.*?\]//g`, trimmed, appended as `:line` unless empty.</summary>
    void AddSourceLine(ReadOnlySpan<byte> line)
    {
        _part.Clear();
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] == (byte)'[')
            {
                int close = line[(i + 1)..].IndexOf((byte)']');
                if (close >= 0)
                {
                    i += close + 2;
                    continue;
                }
            }
            _part.Append(line[i]);
            i++;
        }
        var text = PerlChars.Trim(_part.Span);
        if (!text.IsEmpty)
            _pendingParts![_pendingIndex] = [.. _pendingParts[_pendingIndex], (byte)':', .. text];
        AdvancePending();
    }

    void CommitPendingFrame()
    {
        _frame.Clear();
        for (int i = 0; i < _pendingParts!.Count; i++)
        {
            if (i > 0)
                _frame.Append((byte)';');
            _frame.Append(_pendingParts[i]);
        }
        Push(_frame.Span);
        _pendingParts = null;
        _pendingNeedsLine = null;
    }

    /// <summary>Where the first "-&gt;" starts, or -1 (searching for the rarer '-').</summary>
    static int IndexOfArrow(ReadOnlySpan<byte> raw)
    {
        int from = 0;
        while (true)
        {
            int dash = raw[from..].IndexOf((byte)'-');
            if (dash < 0)
                return -1;
            dash += from;
            if (dash + 1 < raw.Length && raw[dash + 1] == (byte)'>')
                return dash;
            from = dash + 1;
        }
    }

    /// <summary>Perl's `s/\+0x[\da-f]+$//`: offsets printed since Linux 4.8.</summary>
    static ReadOnlySpan<byte> StripOffset(ReadOnlySpan<byte> raw)
    {
        // Scanned from the end: the offset is a few bytes, the symbol often a hundred.
        int digits = raw.Length;
        while (digits > 0 && IsLowerHexDigit(raw[digits - 1]))
            digits--;
        if (digits == raw.Length || digits < 3 || raw[digits - 1] != (byte)'x' || raw[digits - 2] != (byte)'0' || raw[digits - 3] != (byte)'+')
            return raw;
        return raw[..(digits - 3)];
    }

    static bool IsLowerHexDigit(byte b) => LowerHexDigits[b] != 0;

    /// <summary>`[\da-f]` as a table: one load instead of two range tests per byte.</summary>
    static ReadOnlySpan<byte> LowerHexDigits =>
    [
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
        0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    ];
}
