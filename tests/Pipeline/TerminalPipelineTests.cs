using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Pipeline;

/// <summary>The README's pipeline typed at a real terminal, stopped by one Ctrl-C.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class TerminalPipelineTests(RealPerf perf) : IClassFixture<RealPerf>
{
    [Fact]
    public async Task One_ctrl_c_typed_on_a_terminal_stops_the_pipeline_and_the_graph_is_still_written()
    {
        perf.Require();
        string dir = perf.NewWorkDirectory("terminal-pipeline");
        // /bin/sh has no PIPESTATUS: each stage writes its own status.
        string Stage(int n, string command) => $"{{ {TerminalSession.AsTyped(command)} 2> err{n}.txt; echo $? > status{n}.txt; }}";
        string pipeline = Stage(1, $"{RepoPaths.Tool("fg-record")} --call-graph fp -- {perf.Workload} 120") + " | "
            + Stage(2, RepoPaths.Tool("fg-collapse-perf")) + " | "
            + Stage(3, $"{RepoPaths.Tool("fg-svg")} > out.svg");
        await using var terminal = TerminalSession.Start(pipeline, dir);

        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        Assert.False(terminal.HasExited, "the pipeline is still running after 4 s: " + Errors(dir));
        await terminal.TypeCtrlC();
        bool ended = terminal.WaitForExit(TimeSpan.FromSeconds(90));

        Assert.True(ended, "one Ctrl-C was enough");
        for (int n = 1; n <= 3; n++)
            Assert.True(File.ReadAllText(Path.Combine(dir, $"status{n}.txt")).Trim() == "0", $"stage {n}'s status is 0: " + Errors(dir));
        string svg = File.ReadAllText(Path.Combine(dir, "out.svg"));
        Assert.EndsWith("</svg>\n", svg);
        Assert.Contains("<title>hot_three (", svg);
    }

    static string Errors(string dir) =>
        string.Join(" | ", Enumerable.Range(1, 3).Select(n => Path.Combine(dir, $"err{n}.txt")).Where(File.Exists).Select(File.ReadAllText));
}
