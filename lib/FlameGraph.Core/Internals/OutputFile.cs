namespace FlameGraph.Internals;

/// <summary>
/// Opens a file the tool writes (an -o FILE, a palette map), created or truncated. A file that
/// cannot be created is `cannot write 'x': reason`, a failed write `write error on 'x': reason`.
/// </summary>
public static class OutputFile
{
    public static Stream Create(string path)
    {
        try
        {
            return new NamedStream(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), $"'{path}'");
        }
        catch (Exception e) when (IoError.IsIo(e))
        {
            throw new StageException($"cannot write '{path}': {IoError.OpenReason(path, e)}");
        }
    }
}
