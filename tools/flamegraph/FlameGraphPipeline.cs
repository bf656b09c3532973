using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using FlameGraph.CollapsePerf;
using FlameGraph.Common;
using FlameGraph.Record;
using FlameGraph.Svg;

namespace FlameGraph.Wrapper;

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

    public int Run()
    {
        byte[] collapsed = RecordAndCollapse();
        byte[] folded = Filter(collapsed);
        if (options.FoldedOutput is { } foldedPath)
            WriteFile(foldedPath, folded);
        if (folded.Length == 0)
            throw new ToolException("unable to generate a flame graph: no stack counts found in the recording");

        // As flamegraph-rs words it, path in double quotes, on stdout.
        Console.Out.Write($"writing flamegraph to \"{options.Output}\"\n");
        Console.Out.Flush();
        int status = Render(folded);
        if (status == 0 && options.Open)
            SvgViewer.Open(options.Output);
        return status == 0 ? 0 : 1;
    }

    /// <summary>Records (or reads --perfdata) on a second thread while this one folds the stream.</summary>
    byte[] RecordAndCollapse()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipePause, resumeWriterThreshold: PipeResume, useSynchronizationContext: false));
        using var scriptStarting = new ManualResetEventSlim();
        using var recorderDone = new ManualResetEventSlim();
        var recorder = new Recorder(options.Record, profiler) { ScriptStarting = scriptStarting.Set };
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
                ScriptProgress.Show(scriptStarting.IsSet, () =>
                    new PerfCollapser(options.Collapse).Run([ScriptInputName], writer, _ => source));
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
        var filter = new FoldFilter.FoldFilter(options.Filter);
        filter.Add(new MemoryStream(collapsed, writable: false));
        filter.Transform();
        var folded = new MemoryStream();
        using (var writer = new ByteWriter(folded))
            filter.WriteTo(writer);
        return folded.ToArray();
    }

    int Render(byte[] folded)
    {
        using var writer = new ByteWriter(OutputFile.Create(options.Output));
        return new FlameGraphRenderer(options.Svg).Render([FoldedInputName], writer, _ => new MemoryStream(folded, writable: false));
    }

    static void WriteFile(string path, byte[] content)
    {
        using var file = OutputFile.Create(path);
        file.Write(content);
    }
}
