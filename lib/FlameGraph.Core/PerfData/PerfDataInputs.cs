using FlameGraph.Internals;

namespace FlameGraph.PerfData;

/// <summary>
/// Opens a tool's inputs; each perf.data among them (told by its magic, in file or pipe mode,
/// named or on stdin) is read whole, in input order, its samples handed to the sink
/// <paramref name="fold"/> makes, and stands as an empty input; other inputs pass through
/// unchanged. Damage and warnings are kept for the tool to report once it is done.
/// </summary>
/// <param name="openFile">Opens an input by name ("-" for stdin).</param>
/// <param name="demangler">How symbol names are demangled, as perf shows them; null shows them as stored.</param>
/// <param name="fold">Makes the sink a recording's samples go to, for its machine state.</param>
sealed class PerfDataInputs(Func<string, Stream> openFile, SymbolDemangler? demangler, Func<Machine, PerfDataInputs.ISink> fold)
{
    /// <summary>Receives a recording's samples and says what it noticed once they are all read.</summary>
    public interface ISink : PerfDataSamples.ISink
    {
        /// <summary>A line for the warnings (e.g. frames without symbols), or null.</summary>
        string? Summary();
    }

    /// <summary>Time the reading of each recording, for a detail line (a clock read per sample).</summary>
    public bool MeasureTime { get; init; }

    readonly List<string> _failures = [];
    readonly List<string> _warnings = [];

    /// <summary>Opens an input by name ("-" for stdin); a perf.data is folded now and reads as empty.</summary>
    public Stream Open(string name)
    {
        var stream = openFile(name);
        Span<byte> magic = stackalloc byte[8];
        int got = stream.ReadAtLeast(magic, 8, throwOnEndOfStream: false);
        if (!PerfDataReader.IsPerfData(magic[..got]))
            return new PrefixedStream(magic[..got].ToArray(), stream);
        using var owned = stream;
        try
        {
            Stream data;
            if (stream.CanSeek)
            {
                stream.Position -= got;
                data = stream;
            }
            else if (IsPipeMode(stream, magic, out var header))
            {
                data = new PrefixedStream(header, stream);
            }
            else
            {
                data = Spool(header, stream);
            }
            using (data)
                Fold(name, data);
        }
        catch (PerfDataException e)
        {
            _failures.Add($"{Display(name)}: {e.Message}");
        }
        return Stream.Null;
    }

    void Fold(string name, Stream data)
    {
        ISink? sink = null;
        using var samples = new PerfDataSamples(data, demangler, machine => sink = fold(machine)) { MeasureTime = MeasureTime };
        samples.Run();
        foreach (string warning in samples.Warnings())
            _warnings.Add($"{Display(name)}: {warning}");
        if (sink!.Summary() is { } summary)
            _warnings.Add($"{Display(name)}: {summary}");
        if (samples.Failure is { } failure)
            _failures.Add($"{Display(name)}: {failure.Message}");
        if (MeasureTime)
            _details.Add($"{Display(name)}: {samples.Timings()}");
    }

    readonly List<string> _details = [];

    /// <summary>One line per recording: how many samples, where the time went.</summary>
    public IReadOnlyList<string> Details => _details;

    /// <summary>Reads the header's size field: 16 is pipe mode, where no seeking is needed.</summary>
    static bool IsPipeMode(Stream stream, ReadOnlySpan<byte> magic, out byte[] header)
    {
        var size = new byte[8];
        int got = stream.ReadAtLeast(size, 8, throwOnEndOfStream: false);
        header = [.. magic, .. size.AsSpan(0, got)];
        return got == 8 && BitConverter.ToUInt64(size) == 16;
    }

    /// <summary>A file-mode perf.data on a pipe: copied to a temporary file, which the reader can seek.</summary>
    static FileStream Spool(byte[] header, Stream rest)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fg-perfdata-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        file.Write(header);
        rest.CopyTo(file);
        file.Position = 0;
        return file;
    }

    static string Display(string name) => name == "-" ? "stdin" : $"'{name}'";

    /// <summary>One line per input that could not be read to its end: the file, the byte offset, what was wrong.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Warnings worth a line each (dsos without symbols, skipped features), per input.</summary>
    public IReadOnlyList<string> Warnings => _warnings;
}

/// <summary>Bytes already read from a stream, then the rest of it.</summary>
sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyStream
{
    int _pos;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_pos < prefix.Length)
        {
            int n = Math.Min(buffer.Length, prefix.Length - _pos);
            prefix.AsSpan(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }
        return rest.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            rest.Dispose();
        base.Dispose(disposing);
    }
}
