namespace FlameGraph.Tests.Support;

/// <summary>
/// The shared golden corpus: `$FG_CORPUS`, else `../shared/corpus` beside the repository.
/// It is public data the project may not commit, so tests read it in place. When it is absent,
/// corpus tests are skipped with a message naming where it was looked for: never a silent pass.
/// </summary>
public static class Corpus
{
    public static string? Dir { get; } = Locate();

    public static string Where =>
        Environment.GetEnvironmentVariable("FG_CORPUS") is { Length: > 0 } env
            ? env
            : Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "corpus"));

    /// <summary>Skips the calling test, visibly, when the corpus is not there.</summary>
    public static string Require()
    {
        if (Dir is null)
            Assert.Skip($"golden corpus not found at {Where} (set FG_CORPUS): conformance NOT checked");
        return Dir;
    }

    public static string PathOf(string relative) => Path.Combine(Require(), relative);

    /// <summary>The rows of MANIFEST.tsv: file, kind, command, source, note.</summary>
    public static IReadOnlyList<ManifestRow> Manifest()
    {
        if (Dir is null)
            return [];
        return File.ReadAllLines(Path.Combine(Dir, "MANIFEST.tsv"))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => new ManifestRow(f[0], f[1], f.Length > 2 ? f[2] : "", f.Length > 3 ? f[3] : "", f.Length > 4 ? f[4] : ""))
            .ToList();
    }

    /// <summary>
    /// Theory data: every expected file under <paramref name="folder"/> (with its MANIFEST command),
    /// or one placeholder row when the corpus is absent, whose test then skips visibly.
    /// </summary>
    public static TheoryData<string, string> ExpectedCases(string folder, string extension = "")
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Manifest().Where(r => r.File.StartsWith(folder + "/") && r.Kind == "expected" && r.File.EndsWith(extension)))
            data.Add(row.File, row.Command);
        if (data.Count == 0)
            data.Add("(corpus absent)", "");
        return data;
    }

    static string? Locate()
    {
        string dir = Where;
        return File.Exists(Path.Combine(dir, "MANIFEST.tsv")) ? dir : null;
    }
}

public sealed record ManifestRow(string File, string Kind, string Command, string Source, string Note);
