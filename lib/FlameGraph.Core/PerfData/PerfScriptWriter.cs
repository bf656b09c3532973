using System.Buffers.Text;

namespace FlameGraph.PerfData;

/// <summary>
/// Writes a sample as `perf script -F +pid` prints it, from the recording and the machine
/// state: the event line (comm, pid/tid, time, period, event), then each call chain entry
/// resolved as perf resolves it (thread__resolve_callchain_sample, callee first: context
/// markers switch between kernel and user maps, 127 entries at most, an LBR call stack in
/// place of the user part) as `\tpc symbol+0xoff (dso)`, then a blank line. A sample without
/// a call chain is one line. Only what the folding reads has to match perf byte for byte.
/// </summary>
sealed class PerfScriptWriter(Machine machine)
{
    /// <summary>perf script's default --max-stack.</summary>
    const int MaxStack = 127;

    byte[] _buffer = new byte[1 << 16];
    int _length;

    /// <summary>Samples with at least one frame in a dso (or kernel) that has no symbols.</summary>
    public long SamplesWithoutSymbols { get; private set; }
    bool _missing;

    public ReadOnlySpan<byte> Text => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <param name="fields">The first event of this one's type: the cpu and time fields are printed when it records them.</param>
    /// <param name="useCallchain">Some event of the recording has call chains (perf's use_callchain).</param>
    /// <param name="nameWidth">The longest event name: names are right-aligned to it.</param>
    public void WriteSample(EventAttr attr, PerfThread thread, in SampleRecord sample, int cpumode, EventAttr fields, bool useCallchain, int nameWidth)
    {
        bool chain = useCallchain && attr.Has(PerfFormat.SampleCallchain);
        _missing = false;
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
        var name = System.Text.Encoding.UTF8.GetBytes(attr.DisplayName);
        for (int pad = name.Length; pad < nameWidth; pad++)
            Append((byte)' ');
        Append(name);
        Append(": "u8);
        if (chain)
        {
            Append((byte)'\n');
            WriteCallchain(attr, thread, sample);
        }
        else
        {
            Append((byte)' ');
            WriteFrame(thread, cpumode, sample.Ip, printMappedIp: false);
        }
        Append((byte)'\n');
        if (_missing)
            SamplesWithoutSymbols++;
    }

    void WriteCallchain(EventAttr attr, PerfThread thread, in SampleRecord sample)
    {
        int count = sample.CallchainLength;
        if ((attr.BranchSampleType & PerfFormat.BranchCallStack) != 0 && sample.BranchCount > 0 && WriteLbrCallchain(thread, sample))
            return;
        int cpumode = PerfFormat.CpuModeUser;
        int start = _length;
        int entries = 0;
        for (int i = 0; i < count && entries < MaxStack; i++)
        {
            ulong ip = sample.CallchainAt(i);
            if (ip >= PerfFormat.ContextMax)
            {
                if (!SetContext(ip, ref cpumode))
                {
                    _length = start; // perf drops a chain with a context it does not know
                    return;
                }
                continue;
            }
            entries++;
            Append((byte)'\t');
            WriteFrame(thread, cpumode, ip, printMappedIp: true);
            Append((byte)'\n');
        }
    }

    static bool SetContext(ulong marker, ref int cpumode)
    {
        switch (marker)
        {
            case PerfFormat.ContextHv:
                cpumode = PerfFormat.CpuModeHypervisor;
                return true;
            case PerfFormat.ContextKernel:
                cpumode = PerfFormat.CpuModeKernel;
                return true;
            case PerfFormat.ContextUser:
                cpumode = PerfFormat.CpuModeUser;
                return true;
            default:
                return false;
        }
    }

    /// <summary>perf's resolve_lbr_callchain_sample, callee order: the kernel part, then the branch stack.</summary>
    bool WriteLbrCallchain(PerfThread thread, in SampleRecord sample)
    {
        int chainLength = Math.Min(MaxStack, sample.CallchainLength);
        int user = 0;
        while (user < chainLength && sample.CallchainAt(user) != PerfFormat.ContextUser)
            user++;
        if (user == chainLength)
            return false;
        int start = _length;
        int cpumode = PerfFormat.CpuModeUser;
        for (int i = 0; i <= user; i++)
        {
            ulong ip = sample.CallchainAt(i);
            if (ip >= PerfFormat.ContextMax)
            {
                if (!SetContext(ip, ref cpumode))
                {
                    _length = start;
                    return true;
                }
                continue;
            }
            WriteChainLine(thread, cpumode, ip);
        }
        WriteChainLine(thread, cpumode, sample.BranchTo(0));
        for (int i = 0; i < sample.BranchCount; i++)
            WriteChainLine(thread, cpumode, sample.BranchFrom(i));
        return true;
    }

    void WriteChainLine(PerfThread thread, int cpumode, ulong ip)
    {
        if (ip >= PerfFormat.ContextMax)
            return;
        Append((byte)'\t');
        WriteFrame(thread, cpumode, ip, printMappedIp: true);
        Append((byte)'\n');
    }

    /// <summary>`%16lx symbol+0xoff (dso)`; the pc is the dso offset for a user map in a call chain, as perf prints it.</summary>
    void WriteFrame(PerfThread thread, int cpumode, ulong ip, bool printMappedIp)
    {
        MapEntry? map = cpumode switch
        {
            PerfFormat.CpuModeKernel => machine.KernelMap is { } kernel && ip >= kernel.Start && ip < kernel.End ? kernel : null,
            PerfFormat.CpuModeUser => thread.Maps?.Find(ip),
            _ => null,
        };
        ulong address = map?.MapIp(ip) ?? ip;
        ulong shown = printMappedIp && map is not null && map.Dso.Kind != DsoKind.Kernel ? address : ip;
        AppendHexPadded(shown, 16);
        Append((byte)' ');
        int symbol = -1;
        SymbolTable? symbols = null;
        if (map is not null)
        {
            symbols = map.Dso.Symbols;
            symbol = symbols.Find(address);
            if (map.Dso.NoSymbols)
                _missing = true;
        }
        if (symbol >= 0)
        {
            Append(symbols!.NameOf(symbol));
            Append("+0x"u8);
            AppendHex(address - symbols.StartOf(symbol));
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
