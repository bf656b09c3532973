using System.Runtime.InteropServices;

namespace FlameGraph.Internals;

/// <summary>
/// Keeps a front end alive and in charge while its children run:
/// <list type="bullet">
/// <item>SIGINT: <see cref="Interrupted"/> is raised and the tool lives on (so it can still
/// print what was recorded). Once <see cref="AbortOnInterrupt"/> is set (the tool is past the
/// point where stopping early makes sense), or at the second SIGINT, the children are sent
/// SIGTERM and the tool exits with 130 at once.</item>
/// <item>SIGTERM: forwarded to every child, then the tool exits with 143.</item>
/// </list>
/// Without this, .NET's default would end the tool at the first Ctrl-C and leave its children
/// orphaned, or the user would need a second Ctrl-C.
/// </summary>
public sealed partial class ChildSignals : IDisposable
{
    const int InterruptExit = 128 + UnixSignal.SIGINT;
    const int TerminateExit = 128 + UnixSignal.SIGTERM;

    readonly Lock _lock = new();
    readonly List<ChildProcess> _children = [];
    readonly PosixSignalRegistration _sigint;
    readonly PosixSignalRegistration _sigterm;
    int _interrupts;

    public ChildSignals()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate);
    }

    /// <summary>Raised (on a thread-pool thread) at the first SIGINT while aborting is not yet due.</summary>
    public event Action? Interrupted;

    /// <summary>When true, the next SIGINT ends the tool at once.</summary>
    public bool AbortOnInterrupt { get; set; }

    /// <summary>How many SIGINTs arrived so far.</summary>
    public int InterruptCount => Volatile.Read(ref _interrupts);

    /// <summary>Children that SIGTERM (ours, or an abort) must reach.</summary>
    public void Track(ChildProcess child)
    {
        lock (_lock)
            _children.Add(child);
    }

    public void Untrack(ChildProcess child)
    {
        lock (_lock)
            _children.Remove(child);
    }

    /// <summary>
    /// True when our process group owns the controlling terminal, so a Ctrl-C typed there was
    /// delivered to our children (same group) as well as to us.
    /// </summary>
    public static bool InTerminalForeground()
    {
        try
        {
            using var tty = File.OpenHandle("/dev/tty", FileMode.Open, FileAccess.Read);
            int foreground = tcgetpgrp((int)tty.DangerousGetHandle());
            return foreground > 0 && foreground == getpgrp();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    void OnInterrupt(PosixSignalContext context)
    {
        context.Cancel = true;
        int count = Interlocked.Increment(ref _interrupts);
        if (count > 1 || AbortOnInterrupt)
        {
            SignalAll(UnixSignal.SIGTERM);
            Environment.Exit(InterruptExit);
        }
        Interrupted?.Invoke();
    }

    void OnTerminate(PosixSignalContext context)
    {
        context.Cancel = true;
        SignalAll(UnixSignal.SIGTERM);
        Environment.Exit(TerminateExit);
    }

    void SignalAll(int signal)
    {
        lock (_lock)
            foreach (var child in _children)
                child.Signal(signal);
    }

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
    }

    [LibraryImport("libc")]
    private static partial int tcgetpgrp(int fd);

    [LibraryImport("libc")]
    private static partial int getpgrp();
}
