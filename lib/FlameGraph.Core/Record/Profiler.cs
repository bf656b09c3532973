namespace FlameGraph.Record;

public enum ProfilerKind
{
    Perf,
    Dtrace,
}

/// <summary>The sampling profiler to run, and the program that runs it.</summary>
public readonly record struct Profiler(ProfilerKind Kind, string Program)
{
    public const string InstallAdvice = "set PERF or install it: sudo apt-get install linux-perf";

    /// <summary>
    /// `$PERF` when set (taken as given: a wrong path fails when it is run); else `perf` from
    /// PATH; else `$DTRACE` or `dtrace` from PATH.
    /// </summary>
    public static Profiler Find(Func<string, string?> environment)
    {
        if (NonEmpty(environment("PERF")) is { } perf)
            return new(ProfilerKind.Perf, perf);
        string? path = environment("PATH");
        if (SearchPath("perf", path) is not null)
            return new(ProfilerKind.Perf, "perf");
        if (NonEmpty(environment("DTRACE")) is { } dtrace)
            return new(ProfilerKind.Dtrace, dtrace);
        if (SearchPath("dtrace", path) is not null)
            return new(ProfilerKind.Dtrace, "dtrace");
        throw new StageException($"perf not found (looked for 'perf' in PATH; {InstallAdvice})");
    }

    /// <summary>The first executable file called <paramref name="name"/> in a PATH list.</summary>
    public static string? SearchPath(string name, string? path)
    {
        foreach (string dir in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && IsExecutable(candidate))
                return candidate;
        }
        return null;
    }

    static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
