using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using FlameGraph.Collapse.Perf;
using FlameGraph.Filter;
using FlameGraph.Internals;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Pipeline;

/// <summary>
/// One `flamegraph` run, in process: the recorder streams `perf script` through a pipe into the
/// collapser (the stack text is never held whole), then the folded stacks are demangled and
/// filtered, and the renderer writes the SVG file. Gives the same SVG as
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
    /// Runs the folding of `perf script`'s stream; a command line wraps it in a progress display.
    /// The flag says whether perf script runs (false when the recorder failed first).
    /// </summary>
    public Action<bool, Action> WhileScriptRuns { get; init; } = (_, fold) => fold();

    /// <summary>Records, folds, filters and writes the SVG file (and the folded file, if asked).</summary>
    /// <returns>The stages' warnings.</returns>
    public StageReport Run()
    {
        byte[] collapsed = RecordAndCollapse();
        byte[] folded = Filter(collapsed);
        if (options.FoldedOutput is { } foldedPath)
            WriteFile(foldedPath, folded);
        if (folded.Length == 0)
            throw new StageException("unable to generate a flame graph: no stack counts found in the recording");
        Render(folded);
        return _report;
    }

    void Keep(StageReport stage)
    {
        foreach (var warning in stage.Warnings)
            _report.Warn(warning);
    }

    /// <summary>Records (or reads --perfdata) on a second thread while this one folds the stream.</summary>
    byte[] RecordAndCollapse()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipePause, resumeWriterThreshold: PipeResume, useSynchronizationContext: false));
        using var scriptStarting = new ManualResetEventSlim();
        using var recorderDone = new ManualResetEventSlim();
        var recorder = new Recorder(options.Record, profiler) { ScriptStarting = scriptStarting.Set, Log = Log };
        ExceptionDispatchInfo? recordFailure = null;
        var recording = new Thread(() =>
        {
            try
            {
                using var sink = pipe.Writer.AsStream(leaveOpen: true);
                recorder.Run(sink);
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

        // The progress display starts with perf script: while perf records, the workload owns the terminal.
        WaitHandle.WaitAny([scriptStarting.WaitHandle, recorderDone.WaitHandle]);
        var collapsed = new MemoryStream();
        Exception? collapseFailure = null;
        using (var source = pipe.Reader.AsStream(leaveOpen: true))
        using (var writer = new ByteWriter(collapsed))
        {
            try
            {
                WhileScriptRuns(scriptStarting.IsSet, () =>
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
