namespace FlameGraph.Internals;

/// <summary>
/// Opens the inputs a tool was given: files in order, or stdin when there are none; "-" is stdin.
/// A file that cannot be opened is reported as `cannot open 'x': reason`, one that cannot be read
/// as `read error on 'x': reason`.
/// </summary>
public static class InputFiles
{
    public const string StdinName = "-";

    /// <summary>An input as messages name it in prose: stdin, or the file's name in quotes.</summary>
    public static string Quoted(string path) => path == StdinName ? "stdin" : $"'{path}'";

    /// <summary>A line of an input as messages name it: `stdin:12` or `file:12`.</summary>
    public static string Place(string path, long line) => $"{(path == StdinName ? "stdin" : path)}:{line}";

    /// <summary>The names to read: the arguments, or stdin alone when there are none.</summary>
    public static IReadOnlyList<string> NamesOrStdin(IReadOnlyList<string>? paths) =>
        paths is { Count: > 0 } ? paths : [StdinName];

    /// <summary>The input, as a stream whose read errors name it (<see cref="NamedStream"/>).</summary>
    public static Stream Open(string path, int bufferSize = 0)
    {
        if (path == StdinName)
            return NamedStream.ForInput(InterruptHold.ForStdin(Console.OpenStandardInput()), path);
        try
        {
            if (Directory.Exists(path))
                throw new StageException($"cannot open '{path}': Is a directory");
            return NamedStream.ForInput(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize, FileOptions.SequentialScan), path);
        }
        catch (Exception e) when (IoError.IsIo(e)) { throw new StageException($"cannot open '{path}': {IoError.Reason(e)}"); }
    }

    /// <summary>Checks every input up front, so a bad name fails before any output is written.</summary>
    public static void CheckReadable(IEnumerable<string> paths)
    {
        foreach (var path in paths)
            if (path != StdinName)
                Open(path).Dispose();
    }
}
