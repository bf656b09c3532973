namespace FlameGraph.Bench;

/// <summary>
/// Who calls whom among a program's functions: each function calls a few others, mostly ones
/// further down its list (so walks look like layered code) and sometimes earlier ones
/// (recursion, callbacks). A stack is a walk through this graph.
/// </summary>
sealed class CallGraph
{
    readonly int[] _functions;
    readonly int[][] _callees;   // positions in _functions
    readonly Dictionary<int, int> _positions = [];

    public CallGraph(int[] functions, Rng rng, int minCallees = 2, int maxCallees = 6)
    {
        _functions = functions;
        _callees = new int[functions.Length][];
        int reach = Math.Max(4, functions.Length / 6);
        for (int position = 0; position < functions.Length; position++)
            _positions.TryAdd(functions[position], position);
        for (int position = 0; position < functions.Length; position++)
        {
            var callees = new int[rng.Next(minCallees, maxCallees + 1)];
            for (int i = 0; i < callees.Length; i++)
                callees[i] = rng.Chance(0.9)
                    ? (position + 1 + rng.Next(reach)) % functions.Length
                    : rng.Next(functions.Length);
            _callees[position] = callees;
        }
    }

    /// <summary>A position to start a walk at: one of the first functions, the program's entry points.</summary>
    public int EntryPosition(Rng rng) => rng.Next(Math.Max(1, _functions.Length / 20));

    public int NextPosition(int position, Rng rng)
    {
        int[] callees = _callees[position];
        // The first callee is the common path: real code calls the same helper most of the time.
        return rng.Chance(0.5) ? callees[0] : callees[rng.Next(callees.Length)];
    }

    public int Count => _functions.Length;

    public int FunctionAt(int position) => _functions[position];

    /// <summary>Where a function id sits in this graph, or -1.</summary>
    public int PositionOf(int function) => _positions.GetValueOrDefault(function, -1);
}
