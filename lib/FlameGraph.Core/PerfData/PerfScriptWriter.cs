using System.Buffers.Text;

namespace FlameGraph.PerfData;

/// <summary>
/// Writes a sample as `perf script -F +pid` prints it, from the recording and the machine
/// state: the event line (comm, pid/tid, time, period, event), then each call chain entry
/// (<see cref="CallchainEntries"/>) resolved as perf resolves it as `\tpc symbol+0xoff (dso)`,
/// then a blank line. A sample without a call chain is one line. Only what the folding reads
/// has to match perf byte for byte. The parts are public for a reader that writes only some.
/// </summary>
sealed class PerfScriptWriter(Machine machine)
{
    byte[] _buffer = new byte[1 << 16];
    int _length;

    /// <summary>Samples with at least one frame in a dso (or kernel) that has no symbols.</summary>
    public long SamplesWithoutSymbols { get; private set; }
    bool _missing;

    public ReadOnlySpan<byte> Text => _buffer.AsSpan(0, _length);

    /// <summary>The text written since <paramref name="start"/> (a length of <see cref="Text"/> taken before).</summary>
    public ReadOnlySpan<byte> TextFrom(int start) => _buffer.AsSpan(start, _length - start);

    public void Clear() => _length = 0;

    /// <summary>Takes back what was written since <paramref name="length"/>.</summary>
    public void Truncate(int length) => _length = length;

    /// <summary>Counts the sample just written (or resolved) if one of its frames lay in a dso without symbols.</summary>
    public void CountMissing()
    {
        if (_missing)
            SamplesWithoutSymbols++;
        _missing = false;
    }

    /// <summary>
    /// The sample's first line, without its newline: comm, pid/tid, cpu, time, period, event and,
    /// for a sample printed without a call chain, its one frame.
    /// </summary>
    /// <returns>Whether the call chain follows, one frame a line.</returns>
    /// <param name="fields">The first event of this one's type: the cpu and time fields are printed when it records them.</param>
    /// <param name="useCallchain">Some event of the recording has call chains (perf's use_callchain).</param>
    /// <param name="nameWidth">The longest event name: names are right-aligned to it.</param>
    public bool WriteEventLine(EventAttr attr, PerfThread thread, in SampleRecord sample, int cpumode, EventAttr fields, bool useCallchain, int nameWidth)
    {
        bool chain = useCallchain && attr.Has(PerfFormat.SampleCallchain);
        if (chain)
            Append(thread.Comm);
        else
            AppendPadded(thread.Comm, 16);
        Append((byte)' ');
        AppendPadded(sample.Pid, 5, rightAlign: true);
        Append((byte)'/');
        AppendPadded(sample.Tid, 5, rightAlign: false);
        Append((byte)' ');
        if (fields.Has(PerfFormat.SampleCpu))
        {
            Append((byte)'[');
            AppendZeroPadded(sample.Cpu, 3);
            Append("] "u8);
        }
        if (fields.Has(PerfFormat.SampleTime))
            AppendTime(sample.Time);
        if (attr.Type != PerfFormat.PerfTypeTracepoint) // the period field is printed even when not recorded (then it is the fixed period)
        {
            AppendPadded((long)sample.Period, 10, rightAlign: true);
            Append((byte)' ');
        }
        var name = attr.DisplayNameBytes;
        for (int pad = name.Length; pad < nameWidth; pad++)
            Append((byte)' ');
        Append(name);
        Append(": "u8);
        if (!chain)
        {
            Append((byte)' ');
            WriteFrame(Resolve(thread, cpumode, sample.Ip), sample.Ip, printMappedIp: false);
        }
        return chain;
    }

    /// <summary>
    /// Where an address lies, as perf resolves it: the map (kernel, or the thread's) and the
    /// symbol of its dso holding the address; notes a dso without symbols for the summary.
    /// </summary>
    public ResolvedFrame Resolve(PerfThread thread, int cpumode, ulong ip)
    {
        MapEntry? map = cpumode switch
        {
            PerfFormat.CpuModeKernel => machine.KernelMap is { } kernel && ip >= kernel.Start && ip < kernel.End ? kernel : null,
            PerfFormat.CpuModeUser => thread.Maps?.Find(ip),
            _ => null,
        };
        if (map is null)
            return new ResolvedFrame(null, ip, -1);
        ulong address = map.MapIp(ip);
        var symbols = map.Dso.Symbols;
        if (symbols.Count == 0)
            _missing = true;
        return new ResolvedFrame(map, address, symbols.Find(address));
    }

    /// <summary>A call chain line without its newline: a tab, then the frame.</summary>
    public void WriteChainLine(in ResolvedFrame frame, ulong ip)
    {
        Append((byte)'\t');
        WriteFrame(frame, ip, printMappedIp: true);
    }

    /// <summary>`%16lx symbol+0xoff (dso)`; the pc is the dso offset for a user map in a call chain, as perf prints it.</summary>
    void WriteFrame(in ResolvedFrame frame, ulong ip, bool printMappedIp)
    {
        var map = frame.Map;
        ulong shown = printMappedIp && map is not null && map.Dso.Kind != DsoKind.Kernel ? frame.Address : ip;
        AppendHexPadded(shown, 16);
        Append((byte)' ');
        if (frame.Symbol >= 0)
        {
            var symbols = map!.Dso.Symbols;
            Append(symbols.NameOf(frame.Symbol));
            Append("+0x"u8);
            AppendHex(frame.Address - symbols.StartOf(frame.Symbol));
        }
        else
        {
            Append("[unknown]"u8);
        }
        Append(" ("u8);
        Append(map is null ? "[unknown]"u8 : map.Dso.Name);
        Append((byte)')');
    }

    void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }

    void Append(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    void AppendPadded(ReadOnlySpan<byte> text, int width)
    {
        for (int pad = text.Length; pad < width; pad++)
            Append((byte)' ');
        Append(text);
    }

    void AppendPadded(long value, int width, bool rightAlign)
    {
        Span<byte> digits = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, digits, out int written);
        if (rightAlign)
            for (int pad = written; pad < width; pad++)
                Append((byte)' ');
        Append(digits[..written]);
        if (!rightAlign)
            for (int pad = written; pad < width; pad++)
                Append((byte)' ');
    }

    /// <summary>perf's `%12s: ` of `secs.usecs`.</summary>
    void AppendTime(ulong nanoseconds)
    {
        Span<byte> text = stackalloc byte[40];
        ulong micro = nanoseconds / 1000;
        Utf8Formatter.TryFormat(micro / 1_000_000, text, out int written);
        text[written++] = (byte)'.';
        Utf8Formatter.TryFormat(micro % 1_000_000, text[written..], out int fraction, new System.Buffers.StandardFormat('D', 6));
        written += fraction;
        AppendPadded(text[..written], 12);
        Append(": "u8);
    }

    void AppendZeroPadded(ulong value, int width)
    {
        Span<byte> digits = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, digits, out int written, new System.Buffers.StandardFormat('D', (byte)width));
        Append(digits[..written]);
    }

    void AppendHex(ulong value)
    {
        Span<byte> digits = stackalloc byte[16];
        Utf8Formatter.TryFormat(value, digits, out int written, new System.Buffers.StandardFormat('x'));
        Append(digits[..written]);
    }

    void AppendHexPadded(ulong value, int width)
    {
        Span<byte> digits = stackalloc byte[16];
        Utf8Formatter.TryFormat(value, digits, out int written, new System.Buffers.StandardFormat('x'));
        for (int pad = written; pad < width; pad++)
            Append((byte)' ');
        Append(digits[..written]);
    }
}

/// <summary>A call chain entry resolved: its map (null: none), the address within the dso, the symbol index there (-1: none).</summary>
readonly record struct ResolvedFrame(MapEntry? Map, ulong Address, int Symbol);
