namespace FlameGraph.Tests.Support;

/// <summary>
/// A fresh temporary directory, removed with what is left in it at the end of a test
/// (`using var scratch = new ScratchDirectory("fg-x-");`), so no test leaves anything in /tmp.
/// </summary>
public sealed class ScratchDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The full path of <paramref name="name"/> inside the directory.</summary>
    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file in the directory; returns its full path.</summary>
    public string Write(string name, string content)
    {
        string path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <inheritdoc cref="Write(string, string)"/>
    public string Write(string name, byte[] content)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing a test can do about it here; the directory is in /tmp at worst.
        }
    }
}
