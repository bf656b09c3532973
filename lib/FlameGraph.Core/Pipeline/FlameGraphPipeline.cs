using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using FlameGraph.Collapse.Perf;
using FlameGraph.Filter;
using FlameGraph.Internals;
using FlameGraph.PerfData;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Pipeline;

/// <summary>
/// One `flamegraph` run, in process: the recorder records, then the collapser folds the
/// recording, the folded stacks are demangled and filtered, and the renderer writes the SVG file.
/// A perf.data without user stack dumps (frame pointers, LBR) is folded by reading it directly;
/// otherwise (DWARF stacks, dtrace, --perf-script) the recorder streams `perf script` through a
/// pipe into the collapser (the stack text is never held whole). Gives the same SVG as
/// `fg-record | fg-collapse-perf | fg-fold-filter --demangle | fg-svg --minwidth 0.01%`.
/// </summary>
public sealed class FlameGraphPipeline(WrapperOptions options, Profiler profiler)
{
    /// <summary>How the streamed stack text is named in the collapser's warnings.</summary>
    const string ScriptInputName = "perf script output";
    const string FoldedInputName = "folded stacks";

    /// <summary>Backpressure bounds: perf script may run ahead of the collapser by this much.</summary>
    const long PipePause = 16 << 20, PipeResume = 8 << 20;

    readonly StageReport _report = new();

    /// <summary>Receives the recorder's command lines, with --verbose.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Runs the folding of the recording; a command line wraps it in a progress display that
    /// shows the text ("Running perf script"), or nothing when the text is null (nothing runs
    /// that is worth waiting for: the recorder failed, or dtrace's stacks are copied).
    /// </summary>
    public Action<string?, Action> WhileFolding { get; init; } = (_, fold) => fold();

    /// <summary>Records, folds, filters and writes the SVG file (and the folded file, if asked).</summary>
    /// <returns>
    /// The stages' warnings, and for a damaged recording the failure, after the graph of the
    /// samples before the damage was written.
    /// </returns>
    public StageReport Run()
    {
        byte[] collapsed = RecordAndCollapse();
        byte[] folded = Filter(collapsed);
        if (options.FoldedOutput is { } foldedPath)
            WriteFile(foldedPath, folded);
        if (folded.Length == 0)
            throw new StageException(_report.Failure ?? "unable to generate a flame graph: no stack counts found in the recording");
        Render(folded);
        return _report;
    }

    void Keep(StageReport stage)
    {
        foreach (var warning in stage.Warnings)
            _report.Warn(warning);
        _report.Failure ??= stage.Failure;
    }

    /// <summary>Records (or takes --perfdata's file), then folds the recording one way or the other.</summary>
    byte[] RecordAndCollapse()
    {
        using var scriptStarting = new ManualResetEventSlim();
        var recorder = new Recorder(options.Record, profiler) { ScriptStarting = scriptStarting.Set, Log = Log };
        string dataPath = recorder.Record();
        return ReadsInProcess(dataPath)
            ? CollapseRecording(dataPath)
            : CollapseScript(recorder, dataPath, scriptStarting);
    }

    /// <summary>
    /// Whether the perf.data is folded here rather than through perf script: not when asked for
    /// perf script, not for dtrace, not under --root (the file is root's, and so are the kernel
    /// symbols perf script under sudo would name), not when user stacks need unwinding.
    /// </summary>
    bool ReadsInProcess(string dataPath)
    {
        if (options.PerfScript || profiler.Kind != ProfilerKind.Perf || options.Record.Root)
            return false;
        try
        {
            return RecordingKind.IsPerfData(dataPath) && !RecordingKind.HasUserStacks(dataPath);
        }
        catch (PerfDataException)
        {
            // The collapser reads what it can and names the damage.
            return true;
        }
        catch (Exception e) when (IoError.IsIo(e))
        {
            // Missing or unreadable: the script path says so, as it always has.
            return false;
        }
    }

    /// <summary>Folds a perf.data by reading it: seekable, no copy, no perf script.</summary>
    byte[] CollapseRecording(string dataPath)
    {
        if (options.Record.Verbose)
            Log?.Invoke($"fold: {dataPath} read in process (no user stacks to unwind: no perf script)");
        var collapsed = new MemoryStream();
        using (var writer = new ByteWriter(collapsed))
            WhileFolding($"Reading {Path.GetFileName(dataPath)}", () => Keep(new PerfCollapser(options.Collapse).Run([dataPath], writer)));
        return collapsed.ToArray();
    }

    /// <summary>Prints the recording through perf script on a second thread while this one folds the stream.</summary>
    byte[] CollapseScript(Recorder recorder, string dataPath, ManualResetEventSlim scriptStarting)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipePause, resumeWriterThreshold: PipeResume, useSynchronizationContext: false));
        using var recorderDone = new ManualResetEventSlim();
        ExceptionDispatchInfo? recordFailure = null;
        var recording = new Thread(() =>
        {
            try
            {
                using var sink = pipe.Writer.AsStream(leaveOpen: true);
                recorder.Print(dataPath, sink);
            }
            catch (Exception e)
            {
                recordFailure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                pipe.Writer.Complete();
                recorderDone.Set();
            }
        })
        { IsBackground = true, Name = "recorder" };
        recording.Start();

        // The progress display starts with perf script, if it starts at all.
        WaitHandle.WaitAny([scriptStarting.WaitHandle, recorderDone.WaitHandle]);
        var collapsed = new MemoryStream();
        Exception? collapseFailure = null;
        using (var source = pipe.Reader.AsStream(leaveOpen: true))
        using (var writer = new ByteWriter(collapsed))
        {
            try
            {
                WhileFolding(scriptStarting.IsSet ? "Running perf script" : null, () =>
                    Keep(new PerfCollapser(options.Collapse).Run([ScriptInputName], writer, _ => source)));
            }
            catch (Exception e)
            {
                collapseFailure = e;
            }
            // Nobody reads any more: a recorder still writing gets its writes dropped, not blocked.
            pipe.Reader.Complete();
        }
        recording.Join();
        // The recorder's failure explains an empty or cut stream better than the collapser's.
        recordFailure?.Throw();
        if (collapseFailure is not null)
            ExceptionDispatchInfo.Throw(collapseFailure);
        return collapsed.ToArray();
    }

    /// <summary>Demangling, --skip-after and --post-process, as fg-fold-filter does them.</summary>
    byte[] Filter(byte[] collapsed)
    {
        var folded = new MemoryStream();
        using (var writer = new ByteWriter(folded))
            Keep(new FoldFilter(options.Filter).Run([FoldedInputName], writer, _ => new MemoryStream(collapsed, writable: false)));
        return folded.ToArray();
    }

    void Render(byte[] folded)
    {
        using var writer = new ByteWriter(OutputFile.Create(options.Output));
        var report = new FlameGraphRenderer(options.Svg).Run([FoldedInputName], writer, _ => new MemoryStream(folded, writable: false));
        Keep(report);
        if (report.NoStackCounts)
            throw new StageException("ERROR: No stack counts found");
    }

    static void WriteFile(string path, byte[] content)
    {
        using var file = OutputFile.Create(path);
        file.Write(content);
    }
}
