using System.Diagnostics;
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
        if (!File.Exists("/usr/bin/script"))
            Assert.Skip("script(1) is missing (package bsdutils): Ctrl-C on a terminal NOT checked");
        string dir = perf.NewWorkDirectory("terminal-pipeline");
        // script(1) runs the line on a new pseudo-terminal; a ^C byte written to its input becomes
        // a SIGINT from that terminal to the whole foreground process group: every stage, as a
        // user's Ctrl-C does. The shell ignores SIGINT, as an interactive shell does, and so do the
        // subshells it forks for the stages; `env --default-signal` gives each tool back the default
        // disposition a command typed at a prompt gets. /bin/sh has no PIPESTATUS: each stage
        // writes its own status.
        string Stage(int n, string command) => $"{{ env --default-signal=INT {command} 2> err{n}.txt; echo $? > status{n}.txt; }}";
        string inner = "trap '' INT; "
            + Stage(1, $"{RepoPaths.Tool("fg-record")} --call-graph fp -- {perf.Workload} 120") + " | "
            + Stage(2, RepoPaths.Tool("fg-collapse-perf")) + " | "
            + Stage(3, $"{RepoPaths.Tool("fg-svg")} > out.svg");
        var start = new ProcessStartInfo("/usr/bin/script", ["-qfec", inner, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        // script(1) runs the command with $SHELL: the same shell here as on any machine.
        start.Environment["SHELL"] = "/bin/sh";
        start.Environment["NO_COLOR"] = "1";
        using var terminal = Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var screen = terminal.StandardOutput.ReadToEndAsync(cancel);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4), cancel);
            Assert.False(terminal.HasExited, "the pipeline is still running after 4 s: " + Errors(dir));
            await terminal.StandardInput.WriteAsync("\u0003".AsMemory(), cancel);
            await terminal.StandardInput.FlushAsync(cancel);
            bool ended = terminal.WaitForExit(TimeSpan.FromSeconds(90));

            Assert.True(ended, "one Ctrl-C was enough");
            for (int n = 1; n <= 3; n++)
                Assert.True(File.ReadAllText(Path.Combine(dir, $"status{n}.txt")).Trim() == "0", $"stage {n}'s status is 0: " + Errors(dir));
            string svg = File.ReadAllText(Path.Combine(dir, "out.svg"));
            Assert.EndsWith("</svg>\n", svg);
            Assert.Contains("<title>hot_three (", svg);
        }
        finally
        {
            if (!terminal.HasExited)
                terminal.Kill(entireProcessTree: true);
            _ = await screen;
        }
    }

    static string Errors(string dir) =>
        string.Join(" | ", Enumerable.Range(1, 3).Select(n => Path.Combine(dir, $"err{n}.txt")).Where(File.Exists).Select(File.ReadAllText));
}
