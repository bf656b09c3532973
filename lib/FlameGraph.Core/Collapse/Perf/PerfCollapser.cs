using System.Collections.Concurrent;
using System.Text;
using FlameGraph.Filter.Demangling;
using FlameGraph.Internals;
using FlameGraph.PerfData;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// fg-collapse-perf's stage: `perf script` text in, folded stacks out, sorted bytewise. Chunks
/// cut at sample boundaries are folded by N workers into their own dictionaries, then merged.
/// The first event in input order becomes the default filter: it is found on the reading
/// thread before any chunk holding an event is handed out. `--inline` and `--srcline` (which
/// read across sample boundaries) fold on the reading thread, in order.
/// </summary>
public sealed class PerfCollapser(PerfCollapseOptions options)
{
    readonly EventFilter _filter = new(options.EventFilter);
    readonly FrameNames _names = new();

    /// <summary>Symbol names in recordings shown as perf shows them.</summary>
    static readonly SymbolDemangler Demangler = new(PerfSymbolDemangler.Demangle);
    StageReport _report = new();

    /// <param name="open">
    /// Opens an input by name; default: the file (or stdin for "-"). A perf.data recording among
    /// them (told by its magic, file or pipe mode) is folded as the text `perf script -F +pid`
    /// prints for it would be.
    /// </param>
    /// <returns>
    /// The warnings (unrecognized lines, samples of other events left out, what a recording lacked)
    /// and, for a damaged recording, the failure after its good samples were folded.
    /// </returns>
    public StageReport Run(IReadOnlyList<string> paths, ByteWriter output, Func<string, Stream>? open = null)
    {
        _report = new StageReport();
        var chunks = new List<Chunk>();
        var parsers = new List<SampleParser>();
        Func<Machine, PerfDataInputs.ISink> fold = machine => new PerfDataFolder(NewParser(parsers), machine);
        var recordings = new PerfDataInputs(open ?? (path => InputFiles.Open(path, bufferSize: 1)), Demangler, fold) { MeasureTime = options.MeasureTime };
        var chunker = new InputChunker(paths, recordings.Open);
        // With -n 1 the one worker still folds while this thread reads the next block.
        bool oneThread = options.SourceLines || options.Inline;
        chunker.SplitAtSamples = !oneThread;

        SampleParser? inOrder = oneThread ? NewParser(parsers) : null;
        Workers? workers = null;
        Chunk? held = null; // a first chunk waits: small inputs never start threads
        try
        {
            foreach (var chunk in chunker.Read())
            {
                chunks.Add(chunk);
                if (inOrder is null && chunk.EndsMidSample)
                {
                    // No blank line in a huge block: from here on, fold in order on this thread.
                    FoldAlone(held, chunker, parsers);
                    held = null;
                    using (workers)
                        workers?.Finish();
                    workers = null;
                    chunker.SplitAtSamples = false;
                    inOrder = NewParser(parsers);
                }
                if (inOrder is not null)
                {
                    inOrder.Process(chunk);
                    chunker.Recycle(chunk);
                    continue;
                }
                if (_filter.Event is null)
                    FindFirstEvent(chunk);
                if (workers is null)
                {
                    if (held is null)
                    {
                        held = chunk;
                        continue;
                    }
                    workers = new Workers(this, chunker, parsers, Math.Max(options.Threads, 1));
                    workers.Add(held);
                    held = null;
                }
                workers.Add(chunk);
            }
        }
        finally
        {
            using (workers)
                workers?.Finish();
        }
        FoldAlone(held, chunker, parsers);
        inOrder?.Finish();

        ThrowIfPeriodTooLarge(paths, chunks);
        var total = parsers.Count > 0 ? parsers[0].Stacks : new IdStackCounts();
        for (int i = 1; i < parsers.Count; i++)
            total.MergeFrom(parsers[i].Stacks);

        WarnUnrecognized(paths, chunks);
        WarnFiltered(parsers);
        total.WriteSorted(output, _names);
        foreach (string warning in recordings.Warnings)
            Warn(warning);
        foreach (string detail in recordings.Details)
            _report.Detail(detail);
        _report.Failure = recordings.Failures.Count > 0 ? recordings.Failures[0] : null;
        return _report;
    }

    /// <summary>Folds a self-contained chunk on this thread.</summary>
    void FoldAlone(Chunk? chunk, InputChunker chunker, List<SampleParser> parsers)
    {
        if (chunk is null)
            return;
        var parser = NewParser(parsers);
        parser.Process(chunk);
        parser.Finish();
        chunker.Recycle(chunk);
    }

    SampleParser NewParser(List<SampleParser> parsers)
    {
        var parser = new SampleParser(options, _filter, _names);
        lock (parsers)
            parsers.Add(parser);
        return parser;
    }

    /// <summary>Sets the default filter from the chunk's first event line, if it has one.</summary>
    void FindFirstEvent(Chunk chunk)
    {
        var data = chunk.Data.AsSpan(0, chunk.Length);
        foreach (var range in data.Split((byte)'\n'))
        {
            var line = data[range];
            if (line.IsEmpty || line[0] == (byte)'#' || PerlChars.IsSpace(line[0]))
                continue;
            if (EventLine.TryParse(line, out var parsed) && parsed.HasEvent)
            {
                _filter.Event = parsed.Event.ToArray();
                _filter.Defaulted = true;
                return;
            }
        }
    }

    /// <summary>The first period beyond 2^64-1 in input order, named by file and line, is an error.</summary>
    static void ThrowIfPeriodTooLarge(IReadOnlyList<string> paths, List<Chunk> chunks)
    {
        var lines = new long[paths.Count];
        foreach (var chunk in chunks)
        {
            foreach (var stats in chunk.Stats)
            {
                if (stats.FirstPeriodTooLarge > 0)
                    throw CountLimit.TooLarge(CountLimit.Place(paths[stats.FileIndex], lines[stats.FileIndex] + stats.FirstPeriodTooLarge), stats.PeriodTooLarge, "period");
                lines[stats.FileIndex] += stats.Lines;
            }
        }
    }

    void WarnUnrecognized(IReadOnlyList<string> paths, List<Chunk> chunks)
    {
        var lines = new long[paths.Count];
        var skipped = new long[paths.Count];
        var first = new long[paths.Count];
        foreach (var chunk in chunks)
        {
            foreach (var stats in chunk.Stats)
            {
                int file = stats.FileIndex;
                if (stats.Unrecognized > 0)
                {
                    if (skipped[file] == 0)
                        first[file] = lines[file] + stats.FirstUnrecognized;
                    skipped[file] += stats.Unrecognized;
                }
                lines[file] += stats.Lines;
            }
        }
        for (int file = 0; file < paths.Count; file++)
        {
            if (skipped[file] == 0)
                continue;
            string where = InputFiles.Quoted(paths[file]);
            string noun = skipped[file] == 1 ? "line" : "lines";
            Warn($"skipped {skipped[file]} unrecognized {noun} in {where} (first at line {first[file]})");
        }
    }

    void WarnFiltered(List<SampleParser> parsers)
    {
        if (!_filter.Defaulted)
            return;
        var skipped = new EventCounts();
        foreach (var parser in parsers)
            skipped.MergeFrom(parser.SkippedEvents);
        var events = skipped.Sorted();
        if (events.Length == 0)
            return;
        long samples = events.Sum(e => e.Value);
        string kept = Encoding.UTF8.GetString(_filter.Event!);
        const int Named = 5;
        var mostSkipped = events.OrderByDescending(e => e.Value).Take(Named)
            .Select(e => $"{Encoding.UTF8.GetString(e.Key)}: {e.Value}");
        string others = events.Length == 1
            ? Encoding.UTF8.GetString(events[0].Key)
            : "other events (" + string.Join(", ", mostSkipped)
                + (events.Length > Named ? $", and {events.Length - Named} more types" : "") + ")";
        string noun = samples == 1 ? "sample" : "samples";
        Warn($"filtering for events of type {kept} (the first in the input); skipped {samples} {noun} of {others}");
    }

    void Warn(string message) => _report.Warn(message);

    /// <summary>Worker threads folding chunks from a small bounded queue, each into its own counts.</summary>
    sealed class Workers : IDisposable
    {
        readonly BlockingCollection<Chunk> _queue;
        readonly Thread[] _threads;
        Exception? _failure;

        public Workers(PerfCollapser owner, InputChunker chunker, List<SampleParser> parsers, int count)
        {
            _queue = new BlockingCollection<Chunk>(boundedCapacity: count);
            _threads = new Thread[count];
            for (int i = 0; i < count; i++)
            {
                var parser = owner.NewParser(parsers);
                _threads[i] = new Thread(() =>
                {
                    try
                    {
                        foreach (var chunk in _queue.GetConsumingEnumerable())
                        {
                            parser.Process(chunk);
                            parser.Finish();
                            chunker.Recycle(chunk);
                        }
                    }
                    catch (Exception e)
                    {
                        _failure ??= e;
                        foreach (var _ in _queue.GetConsumingEnumerable())
                        {
                            // keep taking chunks so the reader never waits on a dead worker
                        }
                    }
                })
                { IsBackground = true, Name = "fold" };
                _threads[i].Start();
            }
        }

        public void Add(Chunk chunk)
        {
            if (_failure is not null)
                throw _failure;
            _queue.Add(chunk);
        }

        public void Finish()
        {
            _queue.CompleteAdding();
            foreach (var thread in _threads)
                thread.Join();
            if (_failure is not null)
                throw _failure;
        }

        public void Dispose() => _queue.Dispose();
    }
}
