using System.Globalization;

namespace FlameGraph.PerfData;

/// <summary>This process's vdso, copied once into a temporary file (as perf does) to read its symbols.</summary>
static unsafe class Vdso
{
    static string? _path;
    static bool _tried;

    public static string? OwnPath()
    {
        if (_tried)
            return _path;
        _tried = true;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                if (!line.EndsWith("[vdso]", StringComparison.Ordinal))
                    continue;
                var range = line[..line.IndexOf(' ')].Split('-');
                ulong start = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                ulong end = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var bytes = new ReadOnlySpan<byte>((void*)start, checked((int)(end - start)));
                string path = Path.Combine(Path.GetTempPath(), $"fg-vdso-{Environment.ProcessId}.so");
                File.WriteAllBytes(path, bytes);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
                return _path = path;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
        }
        return null;
    }
}
