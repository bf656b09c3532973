namespace FlameGraph.Bench;

/// <summary>Which file of a before/after pair to write; both draw the same stacks.</summary>
enum DiffSide { Single, Before, After }

/// <summary>
/// Writes a sorted folded profile that merges per-thread profiles of ten hosts: each root
/// ("host03-worker-17") runs one of the synthetic programs, its stacks are distinct, and the
/// lines come out in bytewise order, as stackcollapse tools print them. Line lengths are
/// steered so the file reaches the target size with the requested number of stacks.
/// </summary>
sealed class FoldedWriter(SystemModel system)
{
    const int Hosts = 10, WorkersPerHost = 24;

    /// <summary>Share of stacks that only one side of a pair has, and how far counts move.</summary>
    const double OnlyOneSideShare = 0.04;

    public long Lines { get; private set; }
    public long Frames { get; private set; }

    public void Write(TextOutput output, long targetBytes, int stacks, Rng rng, DiffSide side)
    {
        var diffRng = new Rng(0xD1FF);
        var programs = system.Processes;
        int roots = Hosts * WorkersPerHost;
        double[] shares = Enumerable.Range(0, roots).Select(_ => 0.3 + rng.NextDouble()).ToArray();
        double shareSum = shares.Sum();
        int stacksLeft = stacks;
        long bytesLeft = targetBytes;
        for (int root = 0; root < roots; root++)
        {
            int host = root / WorkersPerHost, worker = root % WorkersPerHost;
            byte[] rootName = System.Text.Encoding.UTF8.GetBytes($"host{host:00}-worker-{worker:00}");
            int count = root == roots - 1 ? stacksLeft : Math.Min(stacksLeft, (int)Math.Round(stacks * shares[root] / shareSum));
            if (count <= 0)
                continue;
            var program = programs[(root * 7 + host) % programs.Count];
            double averageName = AverageFoldedNameLength(program);
            double lineGoal = (double)bytesLeft / stacksLeft;
            int depthGoal = Math.Max(3, (int)((lineGoal - rootName.Length - 10) / (averageName + 1)));
            var pool = new StackPool(program, system.Kernel, r => Math.Max(3, (int)(depthGoal * (0.4 + 1.2 * r.NextDouble()))));
            // Distinct frame sequences can fold to the same text (C++ overloads lose their parameter
            // lists), so distinctness is checked on the text.
            var seen = new HashSet<string>();
            var lines = new List<byte[]>(count);
            while (lines.Count < count)
            {
                pool.Grow(rng);
                byte[] line = Render(rootName, pool.Stacks[^1]);
                if (seen.Add(System.Text.Encoding.Latin1.GetString(line)))
                    lines.Add(line);
            }
            lines.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
            foreach (byte[] line in lines)
            {
                long samples = SampleCount(rng);
                double change = diffRng.NextDouble(), factor = 0.5 + diffRng.NextDouble();
                bool onlyAfter = change < OnlyOneSideShare, onlyBefore = change > 1 - OnlyOneSideShare;
                if ((side == DiffSide.Before && onlyAfter) || (side == DiffSide.After && onlyBefore))
                    continue;
                if (side == DiffSide.After)
                    samples = Math.Max(1, (long)(samples * factor));
                long before = output.BytesWritten;
                output.Write(line);
                output.Write((byte)' ');
                output.WriteNumber(samples);
                output.Write((byte)'\n');
                bytesLeft -= output.BytesWritten - before;
                Lines++;
                Frames += line.AsSpan().Count((byte)';');
            }
            stacksLeft -= count;
        }
    }

    byte[] Render(byte[] rootName, PooledStack stack)
    {
        int length = rootName.Length;
        foreach (int frame in stack.Frames)
            length += 1 + system.Functions[frame].FoldedNameBytes.Length;
        var line = new byte[length];
        rootName.CopyTo(line, 0);
        int at = rootName.Length;
        foreach (int frame in stack.Frames)
        {
            line[at++] = (byte)';';
            byte[] name = system.Functions[frame].FoldedNameBytes;
            name.CopyTo(line, at);
            at += name.Length;
        }
        return line;
    }

    /// <summary>Samples per stack: mostly a handful, a heavy tail of hot stacks.</summary>
    static long SampleCount(Rng rng) => (long)Math.Min(5_000_000, Math.Pow(1 - rng.NextDouble(), -1.1));

    double AverageFoldedNameLength(ProcessModel program)
    {
        var body = program.Threads[0].OwnBody ?? program.Body;
        double sum = 0;
        for (int position = 0; position < body.Count; position++)
            sum += system.Functions[body.FunctionAt(position)].FoldedNameBytes.Length;
        return sum / body.Count;
    }
}
