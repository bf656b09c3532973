using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FlameGraph.Internals;

/// <summary>
/// Keeps a filter alive through the Ctrl-C that stops a hand-typed pipeline.
/// <para>
/// In `fg-record -- ./app | fg-collapse-perf | fg-svg &gt; out.svg` typed at a terminal, a Ctrl-C
/// sends SIGINT to every stage at once. fg-record stops the recording and still prints the stacks
/// it has; if the stages after it died of the same SIGINT, that output would go nowhere and
/// out.svg would be empty. So, in a filter (<see cref="Enable"/>, done by
/// the command line of a filter), once it reads stdin and stdin is a pipe or FIFO, the
/// first SIGINT is held: the tool reads on until the stage before it closes the pipe, writes its
/// whole output and exits as it always does.
/// </para>
/// <para>
/// The hold lasts from the opening of stdin to the end of the tool, not just to the end of the
/// input: .NET runs a signal handler later, on a thread of its own, and by then the input may
/// have ended (the stage before stopped and closed the pipe at once), though the SIGINT came while
/// it was read. Every other SIGINT keeps its ordinary effect, the tool dies of it (status 130):
/// a second one, and any while the tool reads only files or a terminal.
/// </para>
/// <para>
/// Children started while the hold is on (<see cref="StartProcess"/>) are in the same process
/// group and get the terminal's SIGINT too; they start with SIGINT ignored, so they finish the
/// work the tool is waiting for.
/// </para>
/// </summary>
public static partial class InterruptHold
{
    static readonly Lock Gate = new();
    static bool _enabled;
    static PosixSignalRegistration? _registration;
    static volatile bool _holding;
    static int _interrupts;

    /// <summary>Makes this process a filter whose piped stdin holds the first SIGINT. Costs nothing until stdin is opened.</summary>
    public static void Enable() => _enabled = true;

    /// <summary>
    /// Returns <paramref name="stdin"/>, the stream a tool is about to read its stdin with. When
    /// this is a filter and stdin is a pipe or FIFO, the first SIGINT is held from now on.
    /// </summary>
    public static Stream ForStdin(Stream stdin)
    {
        if (!_enabled || _holding || !StdinKind.IsPipe())
            return stdin;
        lock (Gate)
        {
            _registration ??= PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt);
            _holding = true;
        }
        return stdin;
    }

    /// <summary>
    /// Starts a child as <see cref="Process.Start(ProcessStartInfo)"/> does; while the hold is on,
    /// with SIGINT ignored in the child, so the Ctrl-C the tool holds does not kill the helper
    /// whose answer the tool still needs.
    /// </summary>
    /// <remarks>
    /// A signal ignored at exec stays ignored in the new program (a caught one goes back to its
    /// default), and a shell does not undo it; blocking it instead would not do, a shell unblocks
    /// it. So SIGINT is ignored by this whole process while the child is started, and .NET's
    /// handler put back right after. A SIGINT in that moment is lost: the tool lives on, as it
    /// does after a first one.
    /// </remarks>
    public static unsafe Process StartProcess(ProcessStartInfo start)
    {
        if (!_holding)
            return Start(start);
        byte* ignore = stackalloc byte[SigactionBytes];
        byte* previous = stackalloc byte[SigactionBytes];
        new Span<byte>(ignore, SigactionBytes).Clear();
        *(nint*)ignore = SigIgn; // sa_handler comes first in struct sigaction
        lock (Gate)
        {
            bool ignored = sigaction(UnixSignal.SIGINT, ignore, previous) == 0;
            try
            {
                return Start(start);
            }
            finally
            {
                if (ignored)
                    _ = sigaction(UnixSignal.SIGINT, previous, null);
            }
        }
    }

    static Process Start(ProcessStartInfo start) =>
        Process.Start(start) ?? throw new StageException($"cannot run '{start.FileName}'");

    static void OnInterrupt(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _interrupts) == 1)
            context.Cancel = true;
        // Not cancelled: the runtime restores the default action and raises SIGINT again.
    }

    const int SigactionBytes = 512; // larger than any platform's struct sigaction
    const nint SigIgn = 1;

    [LibraryImport("libc")]
    private static unsafe partial int sigaction(int signal, byte* action, byte* previous);
}
