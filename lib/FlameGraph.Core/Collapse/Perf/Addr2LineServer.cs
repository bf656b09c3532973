using System.Diagnostics;
using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// One long-running `addr2line -a -e MODULE -i -f -s -C` for a module, asked one pc at a time on
/// its stdin, so the module's debug information is read once rather than once per pc. The answers
/// are those of `addr2line -a PC -e MODULE -i -f -s -C` run for each pc, as stackcollapse-perf.pl
/// runs it.
/// <para>
/// How long an answer is cannot be known in advance (-i adds a function and file line for each
/// inlined call), so each pc is written twice: addr2line prints every address it reads (-a) before
/// its answer, and flushes after each, so the first answer ends where the address line shows up
/// again, and the second answer, the same lines again, is read and dropped.
/// </para>
/// </summary>
sealed class Addr2LineServer
{
    readonly Process? _process;
    bool _broken;

    Addr2LineServer(Process? process)
    {
        _process = process;
        _broken = process is null;
    }

    /// <summary>
    /// Starts addr2line for <paramref name="module"/>. It ends by itself when its stdin closes,
    /// at the latest when this tool exits. Its stderr goes to ours, as with Perl's backticks.
    /// </summary>
    public static Addr2LineServer Start(string module)
    {
        var start = new ProcessStartInfo("addr2line")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string arg in (string[])["-a", "-e", module, "-i", "-f", "-s", "-C"])
            start.ArgumentList.Add(arg);
        try
        {
            var process = InterruptHold.StartProcess(start);
            process.StandardInput.AutoFlush = true;
            return new Addr2LineServer(process);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new Addr2LineServer(null); // no addr2line: every answer is empty, as Perl's backticks give
        }
    }

    /// <summary>The lines addr2line answers for <paramref name="pc"/>, after its address line; "" when it cannot answer.</summary>
    public string Ask(string pc)
    {
        if (_broken)
            return "";
        try
        {
            _process!.StandardInput.Write(pc + "\n" + pc + "\n");
            var output = _process.StandardOutput;
            if (output.ReadLine() is not { } echo)
                return Broken();
            var answer = new StringBuilder();
            int lines = 0;
            for (string? line = output.ReadLine(); line != echo; line = output.ReadLine())
            {
                if (line is null)
                    return Broken();
                answer.Append(line).Append('\n');
                lines++;
            }
            for (int i = 0; i < lines; i++)
                if (output.ReadLine() is null)
                    return Broken();
            return answer.ToString();
        }
        catch (IOException)
        {
            return Broken(); // addr2line ended: it could not read the module, and said why on stderr
        }
    }

    string Broken()
    {
        _broken = true;
        return "";
    }
}
