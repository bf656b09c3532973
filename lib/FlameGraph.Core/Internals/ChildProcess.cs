using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FlameGraph.Internals;

/// <summary>Where a child's standard output goes.</summary>
public enum ChildOutput
{
    /// <summary>The child writes to our own stdout.</summary>
    Inherit,
    /// <summary>We read it: <see cref="ChildProcess.CopyOutputTo"/> streams it in blocks.</summary>
    Stream,
    /// <summary>Relayed to our stderr, so the child's output never mixes into a pipeline's data.</summary>
    ToStderr,
}

/// <summary>How a child is started; every default keeps the child attached to our own streams.</summary>
public readonly record struct ChildProcessOptions
{
    /// <summary>Standard output. Default: <see cref="ChildOutput.Inherit"/>.</summary>
    public ChildOutput Output { get; init; }

    /// <summary>
    /// Standard error is always relayed to our stderr as it arrives; when true, the last
    /// <see cref="StderrTailBytes"/> bytes are also kept for <see cref="ChildProcess.StderrTail"/>,
    /// so a failure can be explained. Default: false (stderr inherited, nothing kept).
    /// </summary>
    public bool CaptureStderr { get; init; }

    /// <summary>How much of stderr's end to keep when capturing. Default (0): 16 KiB.</summary>
    public int StderrTailBytes { get; init; }

    /// <summary>When true the child's stdin is empty (closed at once) instead of ours. Default: false.</summary>
    public bool NoInput { get; init; }
}

/// <summary>
/// A child process started from an argument list (no shell), with the plumbing command-line
/// front ends need: stream its stdout, relay and keep its stderr, send it signals, and read its
/// exit status. Starting a program that cannot be run is a one-line <see cref="StageException"/>:
/// "cannot run 'x': No such file or directory".
/// </summary>
public sealed class ChildProcess : IDisposable
{
    const int DefaultTailBytes = 16 * 1024;
    const int BlockSize = 64 * 1024;
    static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    readonly Process _process;
    readonly Thread? _outputRelay;
    readonly Thread? _stderrRelay;
    readonly TailBuffer? _tail;

    ChildProcess(Process process, ChildProcessOptions options)
    {
        _process = process;
        Id = process.Id;
        if (options.Output == ChildOutput.ToStderr)
            _outputRelay = StartRelay(process.StandardOutput.BaseStream, null);
        if (options.CaptureStderr)
        {
            _tail = new TailBuffer(options.StderrTailBytes > 0 ? options.StderrTailBytes : DefaultTailBytes);
            _stderrRelay = StartRelay(process.StandardError.BaseStream, _tail);
        }
        if (options.NoInput)
            process.StandardInput.Close();
    }

    /// <summary>The program and arguments, as given (for messages).</summary>
    public required IReadOnlyList<string> CommandLine { get; init; }

    public int Id { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <paramref name="program"/> (found in PATH when it has no slash) with exactly
    /// <paramref name="arguments"/>. The child stays in our process group, so a terminal's
    /// Ctrl-C reaches it as it reaches us.
    /// </summary>
    public static ChildProcess Start(string program, IEnumerable<string> arguments, ChildProcessOptions options = default)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = options.Output != ChildOutput.Inherit,
            RedirectStandardError = options.CaptureStderr,
            RedirectStandardInput = options.NoInput,
        };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            throw new StageException($"cannot run '{program}': {Marshal.GetPInvokeErrorMessage(e.NativeErrorCode)}");
        }
        if (process is null)
            throw new StageException($"cannot run '{program}'");
        return new ChildProcess(process, options) { CommandLine = [program, .. start.ArgumentList] };
    }

    /// <summary>
    /// Copies the child's stdout (started with <see cref="ChildOutput.Stream"/>) to
    /// <paramref name="destination"/> block by block, flushing each block, so memory stays flat
    /// whatever the size. Returns the number of bytes copied. A closed destination (EPIPE)
    /// propagates as the <see cref="IOException"/> it is.
    /// </summary>
    public long CopyOutputTo(Stream destination)
    {
        var source = _process.StandardOutput.BaseStream;
        byte[] block = new byte[BlockSize];
        long total = 0;
        int n;
        while ((n = source.Read(block, 0, block.Length)) > 0)
        {
            destination.Write(block, 0, n);
            destination.Flush();
            total += n;
        }
        return total;
    }

    /// <summary>
    /// Waits for the child to end and its relayed streams to drain; returns its status.
    /// A grandchild left running in the background (a daemon the workload started) can hold
    /// the relayed pipes open for ever, so the drain waits two seconds at most.
    /// </summary>
    public ExitStatus WaitForExit()
    {
        _process.WaitForExit();
        var deadline = DateTime.UtcNow + DrainTimeout;
        foreach (var relay in (Thread?[])[_outputRelay, _stderrRelay])
        {
            var left = deadline - DateTime.UtcNow;
            relay?.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        return ExitStatus.FromProcessExitCode(_process.ExitCode);
    }

    /// <summary>Waits up to <paramref name="timeout"/>; true when the child has ended.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>The end of what the child wrote on stderr (empty unless captured).</summary>
    public string StderrTail => _tail?.Text ?? "";

    /// <summary>Sends <paramref name="signal"/> (a POSIX number, see <see cref="UnixSignal"/>) unless the child is gone.</summary>
    /// <remarks>Safe from any thread at any time, even after the child was reaped or disposed.</remarks>
    public void Signal(int signal)
    {
        try
        {
            if (!_process.HasExited)
                _ = UnixSignal.Send(Id, signal);
        }
        catch (InvalidOperationException)
        {
            // Disposed already (ObjectDisposedException): the child is gone.
        }
    }

    public void Dispose()
    {
        _process.Dispose();
    }

    static Thread StartRelay(Stream source, TailBuffer? tail)
    {
        var thread = new Thread(() => Relay(source, tail)) { IsBackground = true, Name = "child output relay" };
        thread.Start();
        return thread;
    }

    static void Relay(Stream source, TailBuffer? tail)
    {
        using var stderr = Console.OpenStandardError();
        byte[] block = new byte[BlockSize];
        bool stderrOpen = true;
        try
        {
            int n;
            while ((n = source.Read(block, 0, block.Length)) > 0)
            {
                tail?.Append(block.AsSpan(0, n));
                if (!stderrOpen)
                    continue;
                try
                {
                    stderr.Write(block, 0, n);
                    stderr.Flush();
                }
                catch (IOException)
                {
                    // Our stderr went away: keep draining so the child never blocks on a full pipe.
                    stderrOpen = false;
                }
            }
        }
        catch (IOException)
        {
            // The child's end closed abruptly; what was read is kept.
        }
    }

    /// <summary>The last bytes of a stream, kept as a bounded buffer.</summary>
    sealed class TailBuffer(int capacity)
    {
        readonly Lock _lock = new();
        byte[] _bytes = [];

        public void Append(ReadOnlySpan<byte> data)
        {
            lock (_lock)
            {
                int keep = Math.Min(_bytes.Length, capacity - Math.Min(capacity, data.Length));
                if (data.Length > capacity)
                    data = data[^capacity..];
                byte[] next = new byte[keep + data.Length];
                _bytes.AsSpan(_bytes.Length - keep).CopyTo(next);
                data.CopyTo(next.AsSpan(keep));
                _bytes = next;
            }
        }

        public string Text
        {
            get
            {
                lock (_lock)
                    return System.Text.Encoding.UTF8.GetString(_bytes);
            }
        }
    }
}

/// <summary>
/// How a child ended: an exit code, or the signal that killed it. .NET reports a death by
/// signal N as exit code 128+N, so a child that itself calls exit(128+N) reads the same.
/// </summary>
public readonly record struct ExitStatus(int Code)
{
    public static ExitStatus FromProcessExitCode(int code) => new(code);

    public bool Success => Code == 0;

    /// <summary>
    /// The signal that ended the child, or 0 when it exited. .NET (like a shell, and like perf
    /// passing on its workload's end) gives a death by signal N as status 128+N, so 128+N is read
    /// as a signal only when signal N ends a process by default: status 150 is an exit, since
    /// signal 22 (SIGTTOU) only stops one.
    /// </summary>
    public int Signal => Code is > 128 and < 128 + 65 && EndsProcess(Code - 128) ? Code - 128 : 0;

    // Linux numbers: SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGWINCH only stop or are ignored.
    static bool EndsProcess(int signal) => signal is not (17 or 18 or 19 or 20 or 21 or 22 or 23 or 28);

    public override string ToString() =>
        Signal != 0 ? $"killed by signal {Signal} ({UnixSignal.Name(Signal)})" : $"exited with status {Code}";
}

/// <summary>POSIX signal numbers (Linux values) and sending them.</summary>
public static partial class UnixSignal
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGSEGV = 11, SIGPIPE = 13, SIGTERM = 15;

    /// <summary>kill(2); false when the process is gone or may not be signalled.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && kill(pid, signal) == 0;

    public static string Name(int signal) => signal switch
    {
        SIGHUP => "SIGHUP",
        SIGINT => "SIGINT",
        SIGQUIT => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        SIGKILL => "SIGKILL",
        SIGSEGV => "SIGSEGV",
        SIGPIPE => "SIGPIPE",
        SIGTERM => "SIGTERM",
        _ => "signal " + signal,
    };

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
