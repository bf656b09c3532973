using FlameGraph.Internals;

namespace FlameGraph.PerfData;

/// <summary>
/// Opens a tool's inputs and turns each perf.data among them (told by its magic, in file or pipe
/// mode, named or on stdin) into the `perf script` text a text-reading stage folds; other inputs
/// pass through unchanged. Damage and warnings are kept for the tool to report once it is done.
/// </summary>
public sealed class PerfDataInputs(Func<string, Stream> openFile, SymbolDemangler? demangler = null)
{
    readonly List<PerfScriptTextStream> _opened = [];
    readonly List<(string Name, PerfScriptTextStream Text)> _named = [];
    readonly List<string> _failures = [];

    /// <summary>Opens an input by name ("-" for stdin), reading perf.data as text.</summary>
    public Stream Open(string name)
    {
        var stream = openFile(name);
        Span<byte> magic = stackalloc byte[8];
        int got = stream.ReadAtLeast(magic, 8, throwOnEndOfStream: false);
        if (!PerfDataReader.IsPerfData(magic[..got]))
            return new PrefixedStream(magic[..got].ToArray(), stream);
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
            var text = new PerfScriptTextStream(data, demangler);
            _named.Add((name, text));
            return text;
        }
        catch (PerfDataException e)
        {
            _failures.Add($"{Display(name)}: {e.Message}");
            return Stream.Null;
        }
    }

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
    public IEnumerable<string> Failures =>
        _failures.Concat(_named.Where(n => n.Text.Failure is not null).Select(n => $"{Display(n.Name)}: {n.Text.Failure!.Message}"));

    /// <summary>Warnings worth a line each (dsos without symbols, skipped features), per input.</summary>
    public IEnumerable<string> Warnings => _named.SelectMany(n => n.Text.Warnings().Select(w => $"{Display(n.Name)}: {w}"));
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
