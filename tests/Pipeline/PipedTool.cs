using System.Diagnostics;
using System.Runtime.InteropServices;
using FlameGraph.Internals;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Pipeline;

/// <summary>
/// A built tool fed through a pipe that the test writes piece by piece, and signalled in between,
/// as a stage of a shell pipeline is. `env --default-signal=INT` undoes a SIGINT ignored by
/// whoever started the test run (a background job of a non-interactive shell ignores it), which
/// the tool would otherwise inherit.
/// </summary>
public sealed partial class PipedTool : IDisposable
{
    readonly Process _process;
    readonly Task<byte[]> _stdout;
    readonly Task<string> _stderr;

    PipedTool(Process process)
    {
        _process = process;
        _stdout = Task.Run(() =>
        {
            using var buffer = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(buffer);
            return buffer.ToArray();
        });
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>
    /// Starts <paramref name="tool"/>. With <paramref name="ownProcessGroup"/> it leads a process
    /// group of its own (setsid), so <see cref="InterruptGroup"/> reaches it and its children
    /// as a terminal's Ctrl-C does.
    /// </summary>
    public static PipedTool Start(string tool, IEnumerable<string> args, string? tempDirectory = null, bool ownProcessGroup = false)
    {
        var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : "env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        if (ownProcessGroup)
            start.ArgumentList.Add("env");
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(RepoPaths.Tool(tool));
        foreach (string a in args)
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        if (tempDirectory is not null)
            start.Environment["TMPDIR"] = tempDirectory;
        return new PipedTool(Process.Start(start)!);
    }

    /// <summary>The tool's pid (setsid and env exec it in place: one process all along).</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Writes to the tool's stdin, blocking until the pipe took it all: after a write larger than
    /// the pipe's 64 KiB, the tool is certainly reading.
    /// </summary>
    public void Write(byte[] data)
    {
        _process.StandardInput.BaseStream.Write(data);
        _process.StandardInput.BaseStream.Flush();
    }

    public Task WriteAsync(byte[] data) => Task.Run(() => Write(data));

    public void CloseInput() => _process.StandardInput.Close();

    public void Interrupt() => Assert.True(UnixSignal.Send(_process.Id, UnixSignal.SIGINT), "the tool is alive to be interrupted");

    /// <summary>SIGINT to the tool's whole process group, as a Ctrl-C typed at its terminal.</summary>
    public void InterruptGroup() => Assert.True(kill(-_process.Id, UnixSignal.SIGINT) == 0, "the tool's process group is alive");

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public byte[] Stdout => _stdout.Result;

    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);

    public string Stderr => _stderr.Result;

    /// <summary>Pids of the tool's children that run <paramref name="program"/> now.</summary>
    public List<int> Children(string program)
    {
        var found = new List<int>();
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{Id}/task"))
                foreach (string child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (File.ReadAllText($"/proc/{child}/comm").Trim() == program)
                        found.Add(int.Parse(child));
        }
        catch (IOException)
        {
            // A process ended while we looked.
        }
        return found;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
