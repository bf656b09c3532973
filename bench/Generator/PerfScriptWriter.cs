namespace FlameGraph.Bench;

/// <summary>
/// Writes `perf script` text: a header, then one block per sample (event line, frames leaf
/// first, blank line) until the output reaches the target size. Which process and stack a
/// sample shows is drawn with Zipf weights from each process's pool of distinct stacks.
/// </summary>
sealed class PerfScriptWriter
{
    readonly SystemModel _system;
    readonly List<(ProcessModel Process, StackPool Pool, ZipfSampler Sampler)> _processes = [];
    readonly double[] _cumulativeWeight;
    readonly HashSet<(int Process, int Stack)> _used = [];

    public PerfScriptWriter(SystemModel system, int distinctStacks, Rng rng)
    {
        _system = system;
        double totalWeight = system.Processes.Sum(p => p.Weight);
        _cumulativeWeight = new double[system.Processes.Count];
        double sum = 0;
        for (int i = 0; i < system.Processes.Count; i++)
        {
            var process = system.Processes[i];
            var pool = new StackPool(process, system.Kernel);
            int count = Math.Max(3, (int)(distinctStacks * process.Weight / totalWeight));
            for (int k = 0; k < count; k++)
                pool.Grow(rng);
            _processes.Add((process, pool, new ZipfSampler(pool.Stacks.Count, 0.6)));
            sum += process.Weight / totalWeight;
            _cumulativeWeight[i] = sum;
        }
    }

    public long Samples { get; private set; }

    /// <summary>How many distinct stacks the samples used (each pooled stack belongs to one thread).</summary>
    public int DistinctStacksUsed => _used.Count;

    public void Write(TextOutput output, long targetBytes, Rng rng)
    {
        output.Write("# ========\n# captured on    : Tue Nov 24 21:04:17 2026\n# hostname : bench-host\n"u8);
        output.Write("# os release : 6.8.0-49-generic\n# perf version : 6.8.12\n# arch : x86_64\n# nrcpus online : 32\n"u8);
        output.Write("# cmdline : /usr/bin/perf record -F 99 -a -g -- sleep 600\n# ========\n#\n"u8);
        long seconds = 184694, microseconds = 229089;
        while (output.BytesWritten < targetBytes)
        {
            int processIndex = PickProcess(rng);
            var (process, pool, sampler) = _processes[processIndex];
            int stackIndex = sampler.Sample(rng);
            _used.Add((processIndex, stackIndex));
            var stack = pool.Stacks[stackIndex];
            var thread = process.Threads[stack.Thread];

            microseconds += rng.Next(1, 400);
            if (microseconds >= 1_000_000)
            {
                seconds++;
                microseconds -= 1_000_000;
            }
            WriteEventLine(output, process, thread, rng.Next(32), seconds, microseconds);
            for (int i = stack.Frames.Length - 1; i >= 0; i--)
                WriteFrame(output, _system.Functions[stack.Frames[i]], rng);
            output.Write((byte)'\n');
            Samples++;
        }
    }

    int PickProcess(Rng rng)
    {
        double u = rng.NextDouble();
        for (int i = 0; i < _cumulativeWeight.Length; i++)
            if (u < _cumulativeWeight[i])
                return i;
        return _cumulativeWeight.Length - 1;
    }

    /// <summary>"comm PID/TID [CPU] SEC.USEC:   PERIOD cpu-clock:ppp: " with perf's %5d/%-5d padding.</summary>
    static void WriteEventLine(TextOutput output, ProcessModel process, ThreadModel thread, int cpu, long seconds, long microseconds)
    {
        output.Write(thread.Comm);
        output.Write((byte)' ');
        if (process.PidTidForm)
        {
            output.WriteNumber(process.Pid, 5);
            output.Write((byte)'/');
            output.WriteNumber(thread.Tid, -5);
        }
        else
        {
            output.WriteNumber(thread.Tid, 5);
        }
        output.Write(" ["u8);
        output.WriteZeroPadded(cpu, 3);
        output.Write("] "u8);
        output.WriteNumber(seconds, 5);
        output.Write((byte)'.');
        output.WriteZeroPadded(microseconds, 6);
        output.Write(": "u8);
        output.WriteNumber(process.Period, 10);
        output.Write(" cpu-clock:ppp: \n"u8);
    }

    /// <summary>"\t    7f1e2162ad6f name+0x1a (dso)": address right-aligned in 16 columns.</summary>
    static void WriteFrame(TextOutput output, Function function, Rng rng)
    {
        ulong offset = (ulong)rng.Next(function.Size);
        output.Write((byte)'\t');
        output.WriteHex(function.Address + offset, 16);
        output.Write((byte)' ');
        output.Write(function.NameBytes);
        if (function.PrintsOffset)
        {
            output.Write("+0x"u8);
            output.WriteHex(offset);
        }
        output.Write(function.DsoSuffixBytes);
    }
}
