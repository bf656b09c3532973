using System.Runtime.InteropServices;
using FlameGraph.Internals;

namespace FlameGraph.Record;

/// <summary>
/// Tells when perf record has really begun sampling, through its control FIFOs
/// (`--control fifo:CTL,ACK`): perf answers a "ping" only from its recording loop, after its
/// setup (which takes seconds on a busy machine). --duration counts from that answer, so a
/// short duration is not eaten up by perf's start.
/// </summary>
public sealed partial class PerfControl : IDisposable
{
    readonly string _directory;
    readonly FileStream _control;
    readonly FileStream _ack;

    PerfControl(string directory, string controlPath, string ackPath)
    {
        _directory = directory;
        ControlPath = controlPath;
        AckPath = ackPath;
        // Opened read-write on our side, so neither open waits for perf, and perf's own opens
        // never block either.
        _control = new FileStream(controlPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 0);
        _ack = new FileStream(ackPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 0);
    }

    public string ControlPath { get; }

    public string AckPath { get; }

    /// <summary>The perf record arguments that connect perf to these FIFOs.</summary>
    public IReadOnlyList<string> Arguments => ["--control", $"fifo:{ControlPath},{AckPath}"];

    public static PerfControl Create()
    {
        string dir;
        try
        {
            dir = Directory.CreateTempSubdirectory("fg-record-").FullName;
        }
        catch (Exception e) when (IoError.IsIo(e))
        {
            throw new StageException($"cannot create a temporary directory in '{Path.TrimEndingDirectorySeparator(Path.GetTempPath())}': {IoError.Reason(e)} (set TMPDIR to a writable directory)");
        }
        string control = Path.Combine(dir, "ctl"), ack = Path.Combine(dir, "ack");
        foreach (string fifo in (string[])[control, ack])
        {
            if (mkfifo(fifo, 0x180 /* 0600 */) != 0)
                throw new StageException($"cannot create '{fifo}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return new PerfControl(dir, control, ack);
    }

    /// <summary>Runs <paramref name="action"/> once perf answers the ping (never, if perf ends first).</summary>
    public void WhenRecording(Action action)
    {
        _control.Write("ping\n"u8);
        _control.Flush();
        var waiter = new Thread(() =>
        {
            var buffer = new byte[64];
            try
            {
                if (_ack.Read(buffer, 0, buffer.Length) > 0)
                    action();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // perf is gone; nothing left to time.
            }
        })
        { IsBackground = true, Name = "perf control ack" };
        waiter.Start();
    }

    public void Dispose()
    {
        // The waiter may still block on the ack FIFO; it is a background thread and dies with us.
        try
        {
            File.Delete(ControlPath);
            File.Delete(AckPath);
            Directory.Delete(_directory);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int mkfifo(string path, uint mode);
}
