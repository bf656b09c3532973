using System.Runtime.InteropServices;

namespace FlameGraph.Internals;

/// <summary>
/// The words for a failed open, read or write, as `cat` and `sort` print them ("No space left on
/// device"): the C library's text for the errno behind a .NET I/O exception. The exceptions' own
/// messages will not do: the tools are built with UseSystemResourceKeys, which leaves resource
/// keys (`IO_FileNotFound_FileName`) where the runtime's sentences were.
/// </summary>
public static class IoError
{
    const int Enoent = 2, Eio = 5, Eacces = 13, Eisdir = 21, Enametoolong = 36;

    /// <summary>Whether <paramref name="e"/> is a failure of the file system or of a read or write.</summary>
    public static bool IsIo(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>strerror's text for the error behind <paramref name="e"/>.</summary>
    public static string Reason(Exception e) => Marshal.GetPInvokeErrorMessage(Errno(e));

    /// <summary>
    /// <see cref="Reason"/> for a failed open of <paramref name="path"/>: .NET reports a directory
    /// opened for writing as access denied, where open(2) said EISDIR.
    /// </summary>
    public static string OpenReason(string path, Exception e) =>
        e is UnauthorizedAccessException && Directory.Exists(path) ? Marshal.GetPInvokeErrorMessage(Eisdir) : Reason(e);

    /// <summary>
    /// The errno: on Unix an IOException of no more specific type carries it as its HResult;
    /// the specific types stand for one errno each (or a few, all of them "access denied").
    /// </summary>
    public static int Errno(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => Enoent,
        PathTooLongException => Enametoolong,
        UnauthorizedAccessException { InnerException: IOException inner } when RawErrno(inner) > 0 => RawErrno(inner),
        UnauthorizedAccessException => Eacces,
        IOException io when RawErrno(io) > 0 => RawErrno(io),
        _ => Eio,
    };

    /// <summary>The errno in a plain IOException's HResult; 0 when it holds a Windows-style HRESULT instead.</summary>
    static int RawErrno(IOException e) => e.HResult is > 0 and < 4096 ? e.HResult : 0;
}
