using System.Diagnostics;
using System.Text.RegularExpressions;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Record;

/// <summary>
/// What the real-perf tests share: whether `perf record` works on this machine, and the
/// record-hot workload compiled once into a temporary directory.
/// </summary>
public sealed class RealPerf : IDisposable
{
    readonly ScratchDirectory _root = new("fg-record-tests-");

    public RealPerf()
    {
        SkipReason = Probe();
    }

    /// <summary>A directory of our own, removed at the end.</summary>
    public string Root => _root.Path;

    /// <summary>Why the real-perf tests cannot run here, or null.</summary>
    public string? SkipReason { get; }

    /// <summary>The compiled workload: `record-hot [CPU_SECONDS] [EXIT_STATUS]`.</summary>
    public string Workload => Path.Combine(Root, "record-hot");

    /// <summary>Skips the calling test, visibly, when perf or gcc cannot be used here.</summary>
    public void Require()
    {
        if (SkipReason is not null)
            Assert.Skip(SkipReason);
    }

    /// <summary>A fresh working directory, so each test's perf.data is its own.</summary>
    public string NewWorkDirectory(string name)
    {
        string dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs a program to its end; returns its status and both outputs.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string program, IEnumerable<string> args,
        string? workingDirectory = null, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in {timeoutSeconds} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>perf script's text as sample blocks (a header line and its frames, blank-line separated).</summary>
    public static string[] SampleBlocks(string stackText) =>
        stackText.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>How many samples have <paramref name="function"/> anywhere in their stack.</summary>
    public static int SamplesIn(string stackText, string function)
    {
        var frame = new Regex(@"^\s*[0-9a-f]+ " + Regex.Escape(function) + @"(\+0x[0-9a-f]+)? \(", RegexOptions.Multiline);
        return SampleBlocks(stackText).Count(frame.IsMatch);
    }

    string? Probe()
    {
        try
        {
            var perf = Run("perf", ["record", "-o", Path.Combine(Root, "probe.data"), "--", "true"], Root, 60);
            if (perf.ExitCode != 0)
                return $"perf is not runnable here ('perf record -- true' exited with {perf.ExitCode}: {perf.Stderr.Trim()}): fg-record NOT checked";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"perf is not runnable here ({e.Message}): fg-record NOT checked";
        }
        try
        {
            var gcc = Run("gcc", ["-O1", "-g", "-fno-omit-frame-pointer", "-o", Workload, RepoPaths.TestData("programs", "record-hot.c")], Root, 120);
            if (gcc.ExitCode != 0)
                return $"cannot compile record-hot.c: {gcc.Stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"gcc is not runnable here ({e.Message}): fg-record NOT checked";
        }
        return null;
    }

    public void Dispose() => _root.Dispose();
}
