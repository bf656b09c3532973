using System.Text;
using FlameGraph.Tests.CollapsePerf;

namespace FlameGraph.Tests.Pipeline;

/// <summary>
/// Inputs for each filter, each well over twice a pipe's 64 KiB, so that writing the first half
/// returns only once the tool is reading.
/// </summary>
public static class FilterInputs
{
    /// <summary>A real `perf script` capture (184 KB).</summary>
    public static byte[] PerfScript() => File.ReadAllBytes(CaptureFile.PathOf("twohot"));

    /// <summary>Folded stacks, not sorted, some repeated: `main;workN;leafM count`.</summary>
    public static byte[] Folded(int lines = 8000, int seed = 0)
    {
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            int leaf = (i * 7919 + seed) % 2003;
            text.Append($"main;work{leaf % 41};leaf{leaf} {i % 9 + 1}\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>DTrace aggregation text: a 3-line header, then stacks and their counts.</summary>
    public static byte[] Dtrace(int stacks = 3000)
    {
        var text = new StringBuilder("CPU     ID                    FUNCTION:NAME\n  0  69539                        :tick-5s\n\n");
        for (int i = 0; i < stacks; i++)
            text.Append($"\n              app`leaf{i % 701}+0x1{i % 10}\n              app`work{i % 37}+0x20\n              app`main+0x30\n                {i % 13 + 1}\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
