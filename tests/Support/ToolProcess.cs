using System.Diagnostics;

namespace FlameGraph.Tests.Support;

/// <summary>What a finished tool process gave back.</summary>
public sealed record ToolResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
}

/// <summary>Runs a built tool from ./bin as a user would: arguments, optional stdin, captured output.</summary>
public static class ToolProcess
{
    public static ToolResult Run(string tool, IEnumerable<string> args, byte[]? stdin = null,
        string? workingDirectory = null, IDictionary<string, string>? environment = null, int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo(RepoPaths.Tool(tool))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        if (environment is not null)
            foreach (var (k, v) in environment)
                start.Environment[k] = v;

        using var process = Process.Start(start)!;
        var stdoutTask = Task.Run(() =>
        {
            using var ms = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(ms);
            return ms.ToArray();
        });
        var stderrTask = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
                process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool may exit before reading all of stdin (for example on a usage error).
        }
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in {timeoutSeconds} s");
        }
        return new ToolResult(process.ExitCode, stdoutTask.Result, stderrTask.Result);
    }

    public static ToolResult Run(string tool, params string[] args) => Run(tool, args, null);
}
