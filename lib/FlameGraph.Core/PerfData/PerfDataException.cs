namespace FlameGraph.PerfData;

/// <summary>
/// A perf.data that cannot be read on: damaged, truncated, or in a layout we do not know.
/// <see cref="Offset"/> is the byte offset in the file (or stream) where the problem starts.
/// </summary>
public sealed class PerfDataException(long offset, string problem) : Exception($"byte {offset}: {problem}")
{
    public long Offset { get; } = offset;
    public string Problem { get; } = problem;
}
