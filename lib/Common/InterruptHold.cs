using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FlameGraph.Common;

/// <summary>
/// Keeps a filter alive through the Ctrl-C that stops a hand-typed pipeline.
/// <para>
/// In `fg-record -- ./app | fg-collapse-perf | fg-svg > out.svg` typed at a terminal, a Ctrl-C
/// sends SIGINT to every stage at once. fg-record stops the recording and still prints the stacks
/// it has; if the stages after it died of the same SIGINT, that output would go nowhere and
/// out.svg would be empty. So, in a filter (<see cref="Enable"/>, done by
/// <see cref="CommandLineApp.RunFilter"/>), while stdin is being read and stdin is a pipe or
/// FIFO, the first SIGINT is held: the tool reads on until the stage before it closes the pipe,
/// writes its whole output and exits as it always does.
/// </para>
/// <para>
/// Every other SIGINT keeps its ordinary effect, the tool dies of it (status 130): a second one,
/// one that comes while the tool reads files or a terminal, or after its input has ended.
/// Children started while a SIGINT would be held (<see cref="StartProcess"/>) are in the same
/// process group and get the terminal's SIGINT too; they start with SIGINT blocked, so they
/// finish the work the tool is waiting for.
/// </para>
/// </summary>
public static partial class InterruptHold
{
    static readonly Lock Gate = new();
    static bool _enabled;
    static PosixSignalRegistration? _registration;
    static int _pipeReaders;
    static int _interrupts;

    /// <summary>Makes this process a filter whose piped stdin holds the first SIGINT. Costs nothing until stdin is opened.</summary>
    public static void Enable() => _enabled = true;

    /// <summary>True while a piped stdin is being read: the first SIGINT would be held now.</summary>
    public static bool Reading => Volatile.Read(ref _pipeReaders) > 0;

    /// <summary>
    /// Returns <paramref name="stdin"/> as it is, unless this is a filter and stdin is a pipe or
    /// FIFO: then a stream that holds the first SIGINT from now until it reaches the end of the
    /// input or is disposed.
    /// </summary>
    public static Stream WhileReading(Stream stdin)
    {
        if (!_enabled || !FileKind.IsFifo(0))
            return stdin;
        lock (Gate)
            _registration ??= PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt);
        return new PipedInput(stdin);
    }

    /// <summary>
    /// Starts a child as <see cref="Process.Start(ProcessStartInfo)"/> does; while a SIGINT would be
    /// held, with SIGINT blocked in the child, so the Ctrl-C the tool holds does not kill the
    /// helper whose answer the tool still needs.
    /// </summary>
    public static unsafe Process StartProcess(ProcessStartInfo start)
    {
        if (!Reading)
            return Start(start);
        // The child inherits the signal mask of the thread that starts it. Blocking SIGINT on
        // this thread alone leaves the other threads to take a SIGINT meant for the tool.
        byte* interrupt = stackalloc byte[SignalSetBytes];
        byte* previous = stackalloc byte[SignalSetBytes];
        bool blocked = sigemptyset(interrupt) == 0 && sigaddset(interrupt, UnixSignal.SIGINT) == 0
            && pthread_sigmask(SigBlock, interrupt, previous) == 0;
        try
        {
            return Start(start);
        }
        finally
        {
            if (blocked)
                _ = pthread_sigmask(SigSetMask, previous, null);
        }
    }

    static Process Start(ProcessStartInfo start) =>
        Process.Start(start) ?? throw new ToolException($"cannot run '{start.FileName}'");

    static void OnInterrupt(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _interrupts) == 1 && Reading)
            context.Cancel = true;
        // Not cancelled: the runtime restores the default action and raises SIGINT again.
    }

    /// <summary>Stdin while it is read: counted in <see cref="_pipeReaders"/> until the end or disposal.</summary>
    sealed class PipedInput : Stream
    {
        readonly Stream _source;
        int _done;

        public PipedInput(Stream source)
        {
            _source = source;
            Interlocked.Increment(ref _pipeReaders);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = _source.Read(buffer);
            if (read == 0 && buffer.Length > 0)
                Finish();
            return read;
        }

        void Finish()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                Interlocked.Decrement(ref _pipeReaders);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Finish();
                _source.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    const int SignalSetBytes = 256; // larger than any platform's sigset_t

    // SIG_BLOCK and SIG_SETMASK: 0 and 2 on Linux, 1 and 3 on the BSDs and macOS.
    static int SigBlock => OperatingSystem.IsLinux() ? 0 : 1;
    static int SigSetMask => OperatingSystem.IsLinux() ? 2 : 3;

    [LibraryImport("libc")]
    private static unsafe partial int sigemptyset(byte* set);

    [LibraryImport("libc")]
    private static unsafe partial int sigaddset(byte* set, int signal);

    [LibraryImport("libc")]
    private static unsafe partial int pthread_sigmask(int how, byte* set, byte* previous);
}
