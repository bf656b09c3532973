using System.Runtime.InteropServices;
using FlameGraph.Internals;

namespace FlameGraph.Cli;

/// <summary>
/// Our stdout, written with plain write(2) calls.
/// Not <see cref="Console.OpenStandardOutput()"/>: its writes silently drop EPIPE, so a tool
/// would go on reading its whole input after `| head` has gone. Not a FileStream on fd 1 either:
/// on a regular file it writes with pwrite at an offset of its own and never moves the offset it
/// shares with the shell, so in `{ echo a; tool; echo b; } &gt; out` the shell's next write lands on
/// top of ours. write(2) appends at the shared offset, and EPIPE becomes an IOException that
/// <see cref="BrokenPipe.IsCause"/> recognises; any other error is `write error: reason`.
/// </summary>
public static partial class StdoutStream
{
    public static Stream Open() => new FileDescriptorStream(1);

    /// <summary>A buffered writer on stdout, for a tool's output.</summary>
    public static ByteWriter OpenWriter() => new(Open());

    sealed partial class FileDescriptorStream(int fd) : Stream
    {
        const int Eintr = 4, Eagain = 11, Epipe = 32;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override unsafe void Write(ReadOnlySpan<byte> bytes)
        {
            fixed (byte* start = bytes)
            {
                int done = 0;
                while (done < bytes.Length)
                {
                    nint written = write(fd, start + done, bytes.Length - done);
                    if (written >= 0)
                    {
                        done += (int)written;
                        continue;
                    }
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Eintr)
                        continue;
                    if (errno == Eagain)
                    {
                        Thread.Sleep(1); // a non-blocking pipe that is full: wait for the reader
                        continue;
                    }
                    if (errno == Epipe)
                        throw new IOException("Broken pipe", errno);
                    // Any other failure (a full disk, a quota) ends the tool as cat says it.
                    throw new StageException($"write error: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
            }
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        [LibraryImport("libc", SetLastError = true)]
        private static unsafe partial nint write(int fd, byte* buffer, nint count);
    }
}
