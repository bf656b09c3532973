using Microsoft.Win32.SafeHandles;

namespace FlameGraph.Common;

/// <summary>
/// Our stdout as a plain unbuffered file stream. Unlike <see cref="Console.OpenStandardOutput()"/>,
/// whose writes silently drop EPIPE, a write to a pipe whose reader has gone (`| head`) throws an
/// <see cref="IOException"/> that <see cref="BrokenPipe.IsCause"/> recognises, so a tool that
/// streams another program's output can stop that program instead of feeding nobody.
/// </summary>
public static class StdoutStream
{
    public static Stream Open() =>
        new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
}
