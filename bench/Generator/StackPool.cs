namespace FlameGraph.Bench;

/// <summary>A distinct stack of one process, root first, and the thread it belongs to.</summary>
readonly record struct PooledStack(int[] Frames, int Thread);

/// <summary>
/// The distinct stacks a process shows. New stacks mostly branch off an existing one (same
/// callers, different callees), so stacks share prefixes the way a real call tree does.
/// </summary>
sealed class StackPool(ProcessModel process, KernelModel kernel, Func<Rng, int>? targetDepth = null)
{
    readonly HashSet<UInt128> _seen = [];
    readonly List<int> _frames = [];

    public List<PooledStack> Stacks { get; } = [];

    /// <summary>Depth of a new stack: the caller's choice, else 10 to MaxDepth with shallow ones more common.</summary>
    int TargetDepth(Rng rng)
    {
        if (targetDepth is not null)
            return targetDepth(rng);
        int span = Math.Max(1, process.MaxDepth - 10);
        return 10 + (int)(span * Math.Pow(rng.NextDouble(), 2.0));
    }

    public void Grow(Rng rng)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int thread = BuildCandidate(rng);
            var key = Key(_frames);
            if (_seen.Add(key))
            {
                Stacks.Add(new PooledStack([.. _frames], thread));
                return;
            }
        }
        throw new InvalidOperationException($"{process.Name}: cannot make another distinct stack");
    }

    int BuildCandidate(Rng rng)
    {
        _frames.Clear();
        int target = TargetDepth(rng);
        int thread;
        CallGraph body;
        int position;
        if (Stacks.Count > 0 && rng.Chance(0.8))
        {
            var parent = Stacks[rng.Next(Stacks.Count)];
            thread = parent.Thread;
            var model = process.Threads[thread];
            body = model.OwnBody ?? process.Body;
            // Keep the parent's callers down to some depth inside the program's own code, then branch.
            int keep = rng.Next(model.RootChain.Length + 1, Math.Max(model.RootChain.Length + 2, parent.Frames.Length));
            for (int i = 0; i < keep && i < parent.Frames.Length; i++)
            {
                int frame = parent.Frames[i];
                if (i >= model.RootChain.Length && body.PositionOf(frame) < 0)
                    break;  // reached the parent's library leaf or kernel tail
                _frames.Add(frame);
            }
            position = _frames.Count > model.RootChain.Length ? body.PositionOf(_frames[^1]) : -1;
        }
        else
        {
            thread = rng.Next(process.Threads.Count);
            var model = process.Threads[thread];
            body = model.OwnBody ?? process.Body;
            _frames.AddRange(model.RootChain);
            position = -1;
        }

        bool kernelTail = rng.Chance(process.KernelChance);
        bool libraryLeaf = process.Leaves.Length > 0 && rng.Chance(process.LeafChance);
        int userTarget = Math.Max(_frames.Count + 1, target - (kernelTail ? 8 : 0) - (libraryLeaf ? 1 : 0));
        if (position < 0)
        {
            position = body.EntryPosition(rng);
            _frames.Add(body.FunctionAt(position));
        }
        while (_frames.Count < userTarget)
        {
            position = body.NextPosition(position, rng);
            _frames.Add(body.FunctionAt(position));
        }
        if (libraryLeaf)
            _frames.Add(rng.Pick(process.Leaves));
        if (kernelTail)
            kernel.AppendTail(_frames, Math.Max(2, target - _frames.Count), rng);
        return thread;
    }

    /// <summary>A 128-bit fingerprint of a frame sequence; collisions are out of reach for a few million stacks.</summary>
    static UInt128 Key(List<int> frames)
    {
        ulong a = 0xcbf29ce484222325UL, b = 0x9E3779B97F4A7C15UL;
        foreach (int frame in frames)
        {
            a = (a ^ (uint)frame) * 0x100000001b3UL;
            b = (b + (uint)frame) * 0xff51afd7ed558ccdUL ^ (b >> 29);
        }
        return new UInt128(a, b ^ (ulong)frames.Count);
    }
}
