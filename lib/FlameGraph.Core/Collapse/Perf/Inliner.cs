using System.Diagnostics;
using System.Globalization;
using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Collapse.Perf;

/// <summary>
/// --inline: asks addr2line for the functions inlined at a pc, as stackcollapse-perf.pl does
/// (one <see cref="Addr2LineServer"/> per dso), with one answer cached per (pc, dso). When addr2line knows nothing
/// (`??` / `??:0`) and the symbol reads `func+0xOFF`, the pc is recomputed from `nm DSO`'s address
/// of `func` and asked again. The result is already a `;`-joined chain, outermost first.
/// </summary>
sealed class Inliner(bool withContext)
{
    readonly Dictionary<(string Pc, string Module), string> _cache = [];
    readonly Dictionary<string, string> _nmOutput = [];
    readonly Dictionary<string, Addr2LineServer> _addr2line = [];

    public string Resolve(string pc, string rawFunc, string module)
    {
        if (_cache.TryGetValue((pc, module), out var cached))
            return cached;

        if (!_addr2line.TryGetValue(module, out var addr2line))
            _addr2line[module] = addr2line = Addr2LineServer.Start(module);
        string output = addr2line.Ask(pc);

        if (output.Contains("??\n??:0", StringComparison.Ordinal) && TryNmFallback(rawFunc, module, out string retried))
        {
            _cache[(pc, module)] = retried;
            return retried;
        }

        var chain = new List<string>();
        string? function = null;
        foreach (string rawLine in SplitLines(output))
        {
            string line = RemoveDiscriminator(rawLine);
            if (function is null || function.Length == 0)
            {
                function = line;
                continue;
            }
            chain.Insert(0, withContext ? function + ":" + line : function);
            function = "";
        }
        string result = string.Join(";", chain);
        _cache[(pc, module)] = result;
        return result;
    }

    /// <summary>`func+0xOFF` and nm knows `func`: ask again at its address plus the offset.</summary>
    bool TryNmFallback(string rawFunc, string module, out string result)
    {
        result = "";
        int plus = rawFunc.LastIndexOf("+0x", StringComparison.Ordinal);
        if (plus <= 0 || !IsLowerHex(rawFunc.AsSpan(plus + 3)))
            return false;
        string func = rawFunc[..plus];
        ulong offset = ulong.Parse(rawFunc.AsSpan(plus + 3), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

        if (!_nmOutput.TryGetValue(module, out var symbols))
            _nmOutput[module] = symbols = Run("nm", [module]);
        foreach (string line in SplitLines(symbols))
        {
            // `ADDRESS T name`: one hex run, one space, one type character, one space, the name.
            int space = line.IndexOf(' ');
            if (space <= 0 || space + 3 > line.Length || line[space + 2] != ' ' || !IsLowerHex(line.AsSpan(0, space)))
                continue;
            if (!line.AsSpan(space + 3).SequenceEqual(func))
                continue;
            ulong address = ulong.Parse(line.AsSpan(0, space), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            string newPc = "0x" + (address + offset).ToString("x", CultureInfo.InvariantCulture);
            result = Resolve(newPc, "", module);
            return true;
        }
        return false;
    }

    static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return false;
        foreach (char c in text)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
                return false;
        return true;
    }

    static string RemoveDiscriminator(string line)
    {
        int at = line.IndexOf(" (discriminator ", StringComparison.Ordinal);
        if (at < 0)
            return line;
        int end = line.IndexOf(')', at);
        if (end < 0 || end == at + 16 || line.AsSpan(at + 16, end - at - 16).ContainsAny(" \t\r\f\v"))
            return line;
        return line.Remove(at, end - at + 1);
    }

    static IEnumerable<string> SplitLines(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl;
            yield return text[start..end];
            start = end + 1;
        }
    }

    /// <summary>
    /// Runs a helper; its stderr goes to ours, as with Perl's backticks. A missing helper gives "".
    /// While a Ctrl-C would be held, the helper does not die of it (see <see cref="InterruptHold"/>).
    /// </summary>
    static string Run(string program, string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        try
        {
            using var process = InterruptHold.StartProcess(start);
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
