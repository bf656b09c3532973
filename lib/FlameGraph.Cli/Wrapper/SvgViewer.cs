using System.ComponentModel;
using System.Diagnostics;
using FlameGraph.Record;

namespace FlameGraph.Cli;

/// <summary>--open: hands the SVG to the desktop's default viewer (xdg-open), when there is one.</summary>
public static class SvgViewer
{
    public static void Open(string path)
    {
        if (Profiler.SearchPath("xdg-open", Environment.GetEnvironmentVariable("PATH")) is not { } opener)
        {
            Diagnostics.Warning($"cannot open '{path}': xdg-open is not installed (open the file in a web browser)");
            return;
        }
        try
        {
            var start = new ProcessStartInfo(opener) { UseShellExecute = false };
            start.ArgumentList.Add(path);
            // xdg-open returns once the viewer is launched; the viewer outlives us.
            using var process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            Diagnostics.Warning($"cannot open '{path}': {e.Message}");
        }
    }
}
