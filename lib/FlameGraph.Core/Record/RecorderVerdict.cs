using FlameGraph.Internals;

namespace FlameGraph.Record;

/// <summary>
/// Decides whether a finished `perf record` left a profile worth printing, from its exit status
/// and the end of its stderr. perf record returns the workload's own status, so a non-zero
/// status after perf announced the data it wrote is the workload's, not perf's.
/// </summary>
public static class RecorderVerdict
{
    /// <summary>perf's last line when it wrote the data file.</summary>
    const string WroteDataMarker = "perf record: Captured and wrote";

    static readonly string[] PermissionMarkers =
    [
        "perf_event_paranoid",
        "No permission to enable",
        "Access to performance monitoring and observability operations is limited",
        "Permission denied",
        "Operation not permitted",
    ];

    /// <summary>
    /// Null when the profile can be printed; otherwise the one-line error.
    /// </summary>
    /// <param name="stoppedEarly">We (Ctrl-C, SIGINT or --duration) asked the recorder to stop.</param>
    public static string? Judge(ExitStatus status, string stderrTail, RecordOptions options, bool stoppedEarly)
    {
        bool wroteData = stderrTail.Contains(WroteDataMarker, StringComparison.Ordinal);
        if (status.Success && wroteData)
            return null;
        if (!wroteData && LooksLikePermission(stderrTail))
            return PermissionAdvice();
        if (!wroteData)
            return $"perf record failed ({status}){Detail(stderrTail)}";
        if (stoppedEarly || options.PidsOrEmpty.Count > 0)
            return null;
        if (options.IgnoreStatus)
            return null;
        return status.Signal != 0
            ? $"the command was {status} (use --ignore-status to keep its profile)"
            : $"the command exited with status {status.Code} (use --ignore-status to keep its profile)";
    }

    public static bool LooksLikePermission(string stderr) =>
        PermissionMarkers.Any(m => stderr.Contains(m, StringComparison.Ordinal));

    public static string PermissionAdvice()
    {
        string paranoid = ReadParanoid() is { } level ? $" (kernel.perf_event_paranoid is {level})" : "";
        // perf's own explanation (a dozen lines) is on stderr already; the advice fits one line.
        return $"perf record is not allowed to profile{paranoid}: "
            + "allow it with 'sudo sysctl kernel.perf_event_paranoid=1', or run with --root";
    }

    /// <summary>": " and the last line that says something, or nothing.</summary>
    public static string Detail(string stderr)
    {
        string? last = stderr.Split('\n')
            .Select(l => l.Trim())
            .LastOrDefault(l => l.Length > 0 && !l.StartsWith("[ perf record:", StringComparison.Ordinal));
        return last is null ? "" : ": " + last;
    }

    static string? ReadParanoid()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/perf_event_paranoid").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
