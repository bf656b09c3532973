using System.Runtime.InteropServices;

namespace FlameGraph.Common;

/// <summary>
/// What kind of file an open descriptor is, from fstat(2)'s st_mode. .NET has no public way to
/// ask (a FileStream only says whether it can seek, which a terminal or a socket cannot either).
/// </summary>
public static partial class FileKind
{
    const uint TypeMask = 0xF000;
    const uint FifoType = 0x1000;
    const int StatBufferBytes = 512; // larger than any platform's struct stat

    /// <summary>
    /// True when <paramref name="fd"/> is a pipe or a named FIFO (S_ISFIFO). False for anything
    /// else, for a closed descriptor, and on a platform whose struct stat is not known here.
    /// </summary>
    public static unsafe bool IsFifo(int fd)
    {
        if (ModeField() is not var (offset, width))
            return false;
        byte* stat = stackalloc byte[StatBufferBytes];
        try
        {
            if (fstat(fd, stat) != 0)
                return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library from before fstat was an exported function (glibc < 2.33)
        }
        uint mode = width == 4 ? *(uint*)(stat + offset) : *(ushort*)(stat + offset);
        return (mode & TypeMask) == FifoType;
    }

    /// <summary>Where st_mode sits in this platform's struct stat, and how many bytes it has.</summary>
    static (int Offset, int Width)? ModeField()
    {
        var arch = RuntimeInformation.ProcessArchitecture;
        if (OperatingSystem.IsLinux())
            return arch switch
            {
                Architecture.X64 => (24, 4),   // dev, ino, nlink (8 bytes each), then mode
                Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64 => (16, 4), // dev, ino, then mode
                _ => null,
            };
        if (OperatingSystem.IsMacOS())
            return (4, 2);                     // dev (4 bytes), then a 16-bit mode, in both stat layouts
        if (OperatingSystem.IsFreeBSD())
            return (24, 2);                    // dev, ino, nlink (8 bytes each), then a 16-bit mode
        return null;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int fstat(int fd, byte* stat);
}
