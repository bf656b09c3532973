using System.Runtime.InteropServices;

namespace FlameGraph.Internals;

/// <summary>What stdin is connected to, as far as the tools need to know.</summary>
public static partial class StdinKind
{
    const int SeekCurrent = 1;
    const int ErrorIllegalSeek = 29; // ESPIPE: the same number on Linux, macOS and the BSDs

    /// <summary>
    /// True when stdin is a pipe, a FIFO or a socket: the stage before us in a pipeline. A file
    /// and a device can seek and a terminal is not redirected, so a refused seek with ESPIPE on a
    /// redirected stdin tells the pipe apart without reading the platform's struct stat.
    /// </summary>
    public static bool IsPipe() =>
        Console.IsInputRedirected && lseek(0, 0, SeekCurrent) < 0 && Marshal.GetLastPInvokeError() == ErrorIllegalSeek;

    [LibraryImport("libc", SetLastError = true)]
    private static partial long lseek(int fd, long offset, int whence);
}
