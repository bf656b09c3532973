namespace FlameGraph.PerfData;

/// <summary>
/// What a recording file is, as far as choosing how to fold it goes: a perf.data at all, and
/// whether its samples carry user stack dumps (`--call-graph dwarf`), which only `perf script`
/// unwinds. Only the header and its event attrs are read, never the samples.
/// </summary>
public static class RecordingKind
{
    /// <summary>True when the file starts with perf.data's magic (file or pipe mode).</summary>
    public static bool IsPerfData(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[8];
        int got = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        return PerfDataReader.IsPerfData(magic[..got]);
    }

    /// <summary>
    /// True when an event of the perf.data at <paramref name="path"/> samples the user stack
    /// (PERF_SAMPLE_STACK_USER).
    /// </summary>
    /// <exception cref="PerfDataException">The header or the event attrs are damaged.</exception>
    public static bool HasUserStacks(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = new PerfDataReader(file);
        // Pipe mode has no attrs section: its HEADER_ATTR records come first, and the reader has
        // taken them all once it hands out the first record of another kind.
        if (reader.PipeMode)
            reader.Next(out _);
        return reader.Attrs.Exists(attr => attr.Has(PerfFormat.SampleStackUser));
    }
}
