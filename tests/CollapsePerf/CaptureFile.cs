using System.Text.RegularExpressions;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.CollapsePerf;

/// <summary>One frame of a perf sample: the symbol without its `+0x...` offset, and its module.</summary>
public sealed record CapturedFrame(string Symbol, string Dso)
{
    public bool IsKernel => Dso == "[kernel.kallsyms]";
}

/// <summary>One sample of a `perf script -F +pid` capture; frames leaf first, as perf prints them.</summary>
public sealed record CapturedSample(string Comm, int Pid, int Tid, long Period, string Event, IReadOnlyList<CapturedFrame> Frames);

/// <summary>
/// Reads our committed captures (tests/data/captures) on its own, so the tests know what the
/// collapser should find without asking the collapser. Handles only the shapes these captures
/// have: `comm PID/TID time: period event:` lines, `addr symbol+off (dso)` frames, blank lines.
/// </summary>
public static partial class CaptureFile
{
    [GeneratedRegex(@"^(\S.*?)\s+(\d+)/(\d+)\s+[\d.]+:\s+(\d+)\s+(\S+):\s*$")]
    private static partial Regex EventLine();

    [GeneratedRegex(@"^\s+[0-9a-f]+\s+(.+?)(\+0x[0-9a-f]+)? \((.*)\)$")]
    private static partial Regex FrameLine();

    public static string PathOf(string name) => RepoPaths.TestData("captures", name + ".perf.txt");

    public static IReadOnlyList<CapturedSample> Load(string name)
    {
        var samples = new List<CapturedSample>();
        Match? header = null;
        var frames = new List<CapturedFrame>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(PathOf(name)))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                if (header is not null)
                    samples.Add(new CapturedSample(header.Groups[1].Value, int.Parse(header.Groups[2].Value), int.Parse(header.Groups[3].Value),
                        long.Parse(header.Groups[4].Value), header.Groups[5].Value, frames));
                header = null;
                frames = [];
                continue;
            }
            if (header is null)
            {
                header = EventLine().Match(line);
                if (!header.Success)
                    throw new InvalidDataException($"{name}:{lineNumber}: not an event line: {line}");
                continue;
            }
            var frame = FrameLine().Match(line);
            if (!frame.Success)
                throw new InvalidDataException($"{name}:{lineNumber}: not a frame line: {line}");
            frames.Add(new CapturedFrame(frame.Groups[1].Value, frame.Groups[3].Value));
        }
        if (header is not null)
            throw new InvalidDataException($"{name}: the last sample has no blank line after it");
        return samples;
    }
}

/// <summary>One line of folded output: frames root first, and the count.</summary>
public sealed record FoldedOutputLine(string[] Frames, long Count)
{
    public string Root => Frames[0];

    public bool Contains(string frame) => Frames.Contains(frame);

    public static List<FoldedOutputLine> ParseAll(string text)
    {
        var stacks = new List<FoldedOutputLine>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.LastIndexOf(' ');
            Assert.True(space > 0, $"not a folded line: '{line}'");
            stacks.Add(new FoldedOutputLine(line[..space].Split(';'), long.Parse(line[(space + 1)..])));
        }
        return stacks;
    }
}
