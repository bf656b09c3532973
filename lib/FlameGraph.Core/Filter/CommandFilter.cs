using System.ComponentModel;
using System.Diagnostics;

using FlameGraph.Internals;

namespace FlameGraph.Filter;

/// <summary>
/// Runs a command as a filter: bytes in on its stdin, its stdout back. The command line is split
/// like a shell's (<see cref="ShellWords"/>) and run without a shell; its stderr goes straight to
/// ours. A program that cannot be started, or that exits with a status other than 0, is a
/// one-line <see cref="StageException"/> naming the command. In a filter reading a pipe, the
/// command does not die of the Ctrl-C the filter holds (<see cref="InterruptHold"/>).
/// </summary>
public static class CommandFilter
{
    public static byte[] Run(string commandLine, Action<Stream> writeInput)
    {
        var words = ShellWords.Split(commandLine);
        if (words.Count == 0)
            throw new OptionsException("the command to run is empty");
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1))
            start.ArgumentList.Add(word);

        Process process;
        try
        {
            process = InterruptHold.StartProcess(start);
        }
        catch (Win32Exception e)
        {
            throw new StageException($"cannot run '{words[0]}': {Reason(e)}");
        }
        using (process)
        {
            // Feed stdin on another thread: a filter that writes before it has read everything
            // would otherwise block on a full pipe while we block on its stdin.
            var feeder = Task.Run(() =>
            {
                try
                {
                    using var stdin = process.StandardInput.BaseStream;
                    writeInput(stdin);
                }
                catch (IOException)
                {
                    // The command stopped reading (like `head`); its exit status tells the story.
                }
            });
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            feeder.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
                throw new StageException($"command '{commandLine}' failed with exit status {process.ExitCode}");
            return output.ToArray();
        }
    }

    static string Reason(Win32Exception e) => e.NativeErrorCode switch
    {
        2 => "No such file or directory",
        13 => "Permission denied",
        _ => e.Message,
    };
}
