namespace FlameGraph.Tests.Wrapper;

/// <summary>Reads folded stack files for the assertions: `frame;frame;leaf COUNT` per line.</summary>
public static class Folded
{
    public static List<(string[] Frames, long Count)> Read(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(line =>
        {
            int space = line.LastIndexOf(' ');
            return (line[..space].Split(';'), long.Parse(line[(space + 1)..]));
        })];

    /// <summary>The total count of the stacks with <paramref name="function"/> in them.</summary>
    public static long CountIn(List<(string[] Frames, long Count)> stacks, string function) =>
        stacks.Where(s => s.Frames.Contains(function)).Sum(s => s.Count);
}
