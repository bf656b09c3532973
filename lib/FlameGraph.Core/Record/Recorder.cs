using FlameGraph.Internals;

namespace FlameGraph.Record;

/// <summary>
/// Records a workload (or attached processes) with perf or dtrace and streams the recorded
/// stack text to an output: `perf script` for perf, the stacks file for dtrace; with
/// <see cref="RecordOptions.PerfDataOutput"/>, perf.data itself.
/// <para>
/// Signals: the first Ctrl-C (SIGINT) while recording stops the recorder, which writes its data,
/// and the stacks are still printed; a Ctrl-C after that ends the tool at once. SIGTERM is passed
/// to the children before the tool ends.
/// </para>
/// </summary>
public sealed class Recorder(RecordOptions options, Profiler profiler)
{
    /// <summary>Called just before `perf script` starts (a front end shows its progress from then on).</summary>
    public Action? ScriptStarting { get; init; }

    /// <summary>Receives the command lines run, with --verbose (a command line prints them on stderr).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Records, then streams the stack text to <paramref name="output"/>.</summary>
    public StageReport Run(Stream output) => Print(Record(), output);

    /// <summary>
    /// Records and returns the data file (perf.data, or dtrace's stacks file), or returns the
    /// existing recording of --perfdata; nothing is printed yet.
    /// </summary>
    public string Record()
    {
        if (options.PerfData is { } existing)
            return existing;
        using var signals = new ChildSignals();
        if (profiler.Kind == ProfilerKind.Perf)
        {
            // With a duration, perf says when it really starts sampling; the clock starts then.
            using var control = options.Duration is null ? null : PerfControl.Create();
            var (record, dataPath) = PerfCommands.Record(profiler.Program, options, control?.Arguments);
            RecordWith(record, signals, control);
            return dataPath;
        }
        string stacks = DtraceCommands.DefaultStacksFile;
        RecordWith(DtraceCommands.Record(profiler.Program, stacks, options), signals, null);
        return stacks;
    }

    void RecordWith(ProcessCommand command, ChildSignals signals, PerfControl? control)
    {
        if (options.Verbose)
            Log?.Invoke($"record: {command}");
        // perf takes a repeated SIGINT as one (it only sets its stop flag), so it is always
        // forwarded, even when the terminal delivered it already: that also covers a SIGINT sent
        // to us alone. dtrace reads a second SIGINT as "quit without output", so it gets one only
        // when the terminal did not deliver it.
        bool forwardInterrupt = profiler.Kind == ProfilerKind.Perf || !ChildSignals.InTerminalForeground();
        int stopRequests = 0;

        using var recorder = ChildProcess.Start(command.Program, command.Arguments, new ChildProcessOptions
        {
            // The workload's stdout belongs to the user, not to the stack text on our stdout.
            Output = ChildOutput.ToStderr,
            CaptureStderr = true,
        });
        signals.Track(recorder);
        signals.Interrupted += () =>
        {
            Interlocked.Increment(ref stopRequests);
            if (forwardInterrupt)
                recorder.Signal(UnixSignal.SIGINT);
        };
        // Like Ctrl-C, the end of --duration is a SIGINT: perf (or dtrace) stops and writes its data.
        using var timer = new Timer(_ =>
        {
            Interlocked.Increment(ref stopRequests);
            recorder.Signal(UnixSignal.SIGINT);
        });
        if (options.Duration is { } duration)
        {
            if (control is not null)
                control.WhenRecording(() => StartTimer(timer, duration));
            else
                StartTimer(timer, duration);
        }

        var status = recorder.WaitForExit();
        signals.Untrack(recorder);
        // From here on nothing is left to stop gracefully: a Ctrl-C means "quit".
        signals.AbortOnInterrupt = true;
        bool stoppedEarly = Volatile.Read(ref stopRequests) > 0;

        string? failure = profiler.Kind == ProfilerKind.Perf
            ? RecorderVerdict.Judge(status, recorder.StderrTail, options, stoppedEarly)
            : DtraceFailure(status, recorder.StderrTail, stoppedEarly);
        if (failure is not null)
            throw new StageException(failure);
    }

    static void StartTimer(Timer timer, TimeSpan duration)
    {
        try
        {
            timer.Change(duration, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // perf answered as the recording ended: nothing left to time.
        }
    }

    static string? DtraceFailure(ExitStatus status, string stderr, bool stoppedEarly)
    {
        if (status.Success || stoppedEarly)
            return null;
        if (RecorderVerdict.LooksLikePermission(stderr))
            return $"dtrace is not allowed to profile{RecorderVerdict.Detail(stderr)}; run with --root";
        return $"dtrace failed ({status}){RecorderVerdict.Detail(stderr)}";
    }

    /// <summary>
    /// Streams the stack text of <paramref name="dataPath"/> (from <see cref="Record"/>) to
    /// <paramref name="output"/>; a stacks file dtrace recorded for us is removed afterwards.
    /// </summary>
    public StageReport Print(string dataPath, Stream output)
    {
        // Nothing is left to stop gracefully: a Ctrl-C means "quit".
        using var signals = new ChildSignals { AbortOnInterrupt = true };
        bool ours = options.PerfData is null && profiler.Kind == ProfilerKind.Dtrace;
        try
        {
            if (!File.Exists(dataPath))
                throw new StageException($"cannot open '{dataPath}': No such file or directory");
            long written = profiler.Kind == ProfilerKind.Perf && !options.PerfDataOutput
                ? PrintPerfScript(dataPath, signals, output)
                : CopyFile(dataPath, output);
            if (written == 0)
                throw new StageException($"no samples in '{dataPath}': the workload may have ended before the first sample (try a higher -F)");
            return new StageReport();
        }
        finally
        {
            if (ours)
                File.Delete(dataPath);
        }
    }

    long PrintPerfScript(string dataPath, ChildSignals signals, Stream output)
    {
        var command = PerfCommands.Script(profiler.Program, dataPath, options);
        if (options.Verbose)
            Log?.Invoke($"script: {command}");
        ScriptStarting?.Invoke();
        using var script = ChildProcess.Start(command.Program, command.Arguments, new ChildProcessOptions
        {
            Output = ChildOutput.Stream,
            CaptureStderr = true,
            NoInput = true,
        });
        signals.Track(script);
        long written;
        try
        {
            written = script.CopyOutputTo(output);
        }
        catch (IOException e) when (BrokenPipe.IsCause(e))
        {
            // The reader is gone (`| head`): nobody wants the rest.
            script.Signal(UnixSignal.SIGTERM);
            script.WaitForExit();
            throw;
        }
        var status = script.WaitForExit();
        signals.Untrack(script);
        if (!status.Success)
            throw new StageException($"perf script failed ({status}){RecorderVerdict.Detail(script.StderrTail)}");
        return written;
    }

    static long CopyFile(string path, Stream output)
    {
        using var input = InputFiles.Open(path);
        input.CopyTo(output);
        output.Flush();
        return input.Length;
    }
}
