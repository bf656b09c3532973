using System.Numerics;
using System.Text;
using CsCheck;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Fuzz;

/// <summary>One folded line as generated: its stack and counts, known without parsing the text.</summary>
public sealed record FoldedRow(byte[] Stack, BigInteger Count, BigInteger? Second);

/// <summary>A generated folded profile: its rows, and the bytes a tool reads.</summary>
public sealed record FoldedDoc(IReadOnlyList<FoldedRow> Rows, byte[] Text)
{
    public bool IsDifferential => Rows.Any(r => r.Second is not null);

    /// <summary>The sum of the counts that set the widths: the second column where there is one.</summary>
    public BigInteger WidthTotal => Rows.Aggregate(BigInteger.Zero, (sum, r) => sum + (r.Second ?? r.Count));
}

/// <summary>A generated `perf script` text: the sum of the periods of its samples, and the text.</summary>
public sealed record PerfDoc(BigInteger PeriodTotal, BigInteger LargestPeriod, byte[] Text);

/// <summary>A generated DTrace aggregation text: the sum of its counts, and the text.</summary>
public sealed record DtraceDoc(BigInteger CountTotal, byte[] Text);

/// <summary>
/// Inputs for the fuzz properties: well-formed documents whose counts are known (for the
/// conservation properties), the same with random damage, random bytes, and lines of the
/// shared corpus with random edits (for the never-fails properties).
/// </summary>
public static class FuzzInputs
{
    static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Frame names: ordinary, mangled, hex addresses, and hostile bytes (NUL, CR, tab, invalid UTF-8, markup).</summary>
    public static readonly Gen<byte[]> Frame = Gen.Frequency(
        (10, Gen.OneOf("main", "a", "b", "work", "std::vector<int>::push_back", "[unknown]", "java/lang/Thread.run",
            "_ZN4core3fmt5write17h0123456789abcdefE", "_ZNSt6vectorIiSaIiEE9push_backERKi", "_RNvCs1234_5hello4main",
            "func (inlined)", "x y", "do_syscall_64_[k]", "ü→λ").Select(B)),
        (4, Gen.OneOf("0x1", "0x1234567890", "0xdeadbeef", "0x", "0xg", "0X1F", "0x0000000000000000001").Select(B)),
        (4, Gen.Int[0, 300].Select(i => B($"f{i}"))),
        (2, Gen.OneOf("", " ", "\t", "\0", "a\0b", "a\rb", "<&>\"'", "]]>", "--", "a 12", "1.5", "-", "..", "\u00ff\u0001").Select(B)),
        (1, Gen.OneOf(new byte[] { 0x6b, 0x30, 0xf9, 0x62 }, new byte[] { 0xff }, new byte[] { 0xc3 }, new byte[] { 0xed, 0xa0, 0x80 })),
        (1, Gen.Int[100, 5000].Select(n => B(new string('x', n)))));

    /// <summary>Counts: small, zero, large, at the edges the tools care about.</summary>
    public static readonly Gen<BigInteger> Count = Gen.Frequency(
        (12, Gen.Int[1, 1000].Select(i => (BigInteger)i)),
        (3, Gen.Const(BigInteger.Zero)),
        (2, Gen.Long[1, 999_999_999_999].Select(l => (BigInteger)l)),
        (1, Gen.Long[1_000_000_000_000_000, 4_611_686_018_427_387_903].Select(l => (BigInteger)l)),
        (1, Gen.OneOf(999_999_999_999_999L, 1_000_000_000_000_000L, 461_168_601_842_738_790L, 461_168_601_842_738_791L).Select(l => (BigInteger)l)));

    /// <summary>Stacks: a few frames, sometimes 10 000 (of one hex number, or of names).</summary>
    static readonly Gen<byte[][]> Frames = Gen.Frequency(
        (40, Frame.Array[1, 6]),
        (1, Gen.OneOf(B("0x1"), B("f"), B("main"), B("a;b")).Select(f => Enumerable.Repeat(f, 10_000).ToArray())),
        (1, Frame.Array[200, 400]));

    static byte[] Join(byte[][] frames)
    {
        var stack = new List<byte>();
        for (int i = 0; i < frames.Length; i++)
        {
            if (i > 0)
                stack.Add((byte)';');
            stack.AddRange(frames[i].Where(b => b != '\n'));
        }
        // A stack ending in digits (or a '.') would give its line a count more than generated.
        if (stack.Count > 0 && (char.IsAsciiDigit((char)stack[^1]) || stack[^1] == '.'))
            stack.Add((byte)'z');
        // A final '\r' is taken for a CRLF line end.
        if (stack.Count > 0 && stack[^1] == '\r')
            stack.Add((byte)'z');
        return [.. stack];
    }

    static readonly Gen<FoldedRow> Row =
        from frames in Frames
        from count in Count
        select new FoldedRow(Join(frames), count, null);

    static readonly Gen<FoldedRow> DifferentialRow =
        from frames in Frames
        from first in Count
        from second in Count
        select new FoldedRow(Join(frames), first, second);

    static FoldedDoc Render(FoldedRow[] rows, bool crlf, bool finalNewline, bool tab)
    {
        var text = new List<byte>();
        for (int i = 0; i < rows.Length; i++)
        {
            text.AddRange(rows[i].Stack);
            text.Add(tab ? (byte)'\t' : (byte)' ');
            text.AddRange(B(rows[i].Count.ToString()));
            if (rows[i].Second is { } second)
                text.AddRange(B(" " + second));
            if (i < rows.Length - 1 || finalNewline)
                text.AddRange(crlf ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }
        return new FoldedDoc(rows, [.. text]);
    }

    /// <summary>Well-formed folded profiles, their counts known.</summary>
    public static readonly Gen<FoldedDoc> Folded =
        from rows in Row.Array[0, 30]
        from crlf in Gen.Frequency((5, Gen.Const(false)), (1, Gen.Const(true)))
        from finalNewline in Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false)))
        from tab in Gen.Frequency((8, Gen.Const(false)), (1, Gen.Const(true)))
        select Render(rows, crlf, finalNewline, tab);

    /// <summary>Well-formed differential profiles (`stack before after`).</summary>
    public static readonly Gen<FoldedDoc> Differential =
        from rows in DifferentialRow.Array[0, 30]
        select Render(rows, false, true, false);

    /// <summary>Counts the tools must cope with but that do not sum: fractions, signs, exponents, no count at all.</summary>
    static readonly Gen<byte[]> OddCount = Gen.OneOf("3.5", "0.0", "3.", ".5", "-1", "+2", "1e5", "00012", "", " ", "99999999999999999999999",
        "18446744073709551616", "9223372036854775807", "1 2 3", "0x10", "١٢").Select(B);

    /// <summary>Random damage: bytes inserted, removed or replaced; lines doubled; odd counts; `;;`.</summary>
    static readonly Gen<(int Kind, int Position, byte[] Payload)> Edit =
        from kind in Gen.Int[0, 7]
        from position in Gen.Int[0, int.MaxValue]
        from payload in Gen.Frequency(
            (3, Gen.OneOf("\0", "\r", "\t", ";;", ";", " ", "\n", "\r\n", "\n\n", "0x1;0x1;0x1", "#", "\\").Select(B)),
            (2, OddCount),
            (2, Gen.Byte.Array[1, 16]),
            (1, Frame))
        select (kind, position, payload);

    public static byte[] Damage(byte[] text, (int Kind, int Position, byte[] Payload)[] edits)
    {
        var bytes = new List<byte>(text);
        foreach (var (kind, position, payload) in edits)
        {
            int at = bytes.Count == 0 ? 0 : position % (bytes.Count + 1);
            switch (kind)
            {
                case 0 or 1 or 2:
                    bytes.InsertRange(at, payload);
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(payload.Length, bytes.Count - at));
                    break;
                case 4:
                    for (int i = 0; i < payload.Length && at + i < bytes.Count; i++)
                        bytes[at + i] = payload[i];
                    break;
                case 5:
                    {
                        // Doubles the line at this place.
                        int start = at == 0 ? 0 : bytes.LastIndexOf((byte)'\n', Math.Min(at, bytes.Count) - 1) + 1;
                        int end = bytes.IndexOf((byte)'\n', start);
                        end = end < 0 ? bytes.Count : end + 1;
                        bytes.InsertRange(start, bytes.GetRange(start, end - start));
                        break;
                    }
                case 6:
                    {
                        // Replaces the count at the end of the line at this place.
                        int end = bytes.IndexOf((byte)'\n', Math.Min(at, bytes.Count));
                        end = end < 0 ? bytes.Count : end;
                        int start = end;
                        while (start > 0 && bytes[start - 1] != ' ' && bytes[start - 1] != '\n')
                            start--;
                        bytes.RemoveRange(start, end - start);
                        bytes.InsertRange(start, payload);
                        break;
                    }
                default:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + position % 64));
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Bytes over an alphabet that folded and perf text are made of, and any byte now and then.</summary>
    public static readonly Gen<byte[]> RandomBytes = Gen.Frequency(
        (6, Gen.OneOf(";;; \n\t\r0123456789x.:-+/[]()#ab@`\0".Select(c => (byte)c).ToArray())),
        (1, Gen.Byte)).Array[0, 3000];

    /// <summary>Lines from the corpus inputs of one kind, with random edits; where the corpus is absent, <paramref name="fallback"/>.</summary>
    static Gen<byte[]> CorpusEdits(string folder, Gen<byte[]> fallback)
    {
        var files = CorpusFiles.Of(folder);
        if (files.Count == 0)
            return fallback;
        return
            from file in Gen.Int[0, files.Count - 1]
            from start in Gen.Int[0, int.MaxValue]
            from length in Gen.Int[1, 300]
            from edits in Edit.Array[0, 8]
            select Damage(files[file].Window(start, length), edits);
    }

    /// <summary>Folded text of any kind: clean, damaged, random, corpus with edits.</summary>
    public static readonly Gen<byte[]> AnyFolded = Gen.Frequency(
        (3, Folded.Select(d => d.Text)),
        (1, Differential.Select(d => d.Text)),
        (3, from doc in Folded from edits in Edit.Array[1, 8] select Damage(doc.Text, edits)),
        (2, RandomBytes),
        (3, Gen.Const(0).SelectMany(_ => CorpusEdits("svg", Folded.Select(d => d.Text)))),
        (1, Gen.Const(0).SelectMany(_ => CorpusEdits("diff-folded", Folded.Select(d => d.Text)))));

    // --- perf script text ---

    static readonly Gen<byte[]> Comm = Gen.OneOf("app", "perf-exec", "V8 WorkerThread", "java", "swapper", "x:y", "ü-ü", "a b c").Select(B);
    static readonly Gen<byte[]> Dso = Gen.OneOf("/bin/app", "[kernel.kallsyms]", "/tmp/perf-42.map", "[unknown]", "/lib/x y.so", "/usr/lib/libc.so.6").Select(B);

    static readonly Gen<byte[]> StackLine =
        from address in Gen.Long[0, long.MaxValue]
        from frame in Frame
        from offset in Gen.Frequency((3, Gen.Int[0, 0xffff].Select(o => $"+0x{o:x}")), (1, Gen.Const("")))
        from dso in Dso
        select B($"\t {address:x} ").Concat(frame.Where(b => b != '\n')).Concat(B($"{offset} (")).Concat(dso).Concat(B(")\n")).ToArray();

    static readonly Gen<(BigInteger Period, byte[] Text)> Sample =
        from comm in Comm
        from pid in Gen.Int[1, 99999]
        from tid in Gen.Int[1, 99999]
        from period in Count
        from stack in StackLine.Array[0, 8]
        select (period, B($"{Encoding.UTF8.GetString(comm)} {pid}/{tid} [000] 1.{tid:D6}: {period} cpu-clock:\n")
            .Concat(stack.SelectMany(l => l)).Concat(B("\n")).ToArray());

    /// <summary>perf script text of one event, every sample ending in a blank line: all its periods count.</summary>
    public static readonly Gen<PerfDoc> Perf =
        from samples in Sample.Array[0, 20]
        from comment in Gen.Bool
        select new PerfDoc(
            // A period of 0 counts 1, as stackcollapse-perf.pl's `$period = 1 unless $period`.
            samples.Aggregate(BigInteger.Zero, (sum, s) => sum + (s.Period == 0 ? 1 : s.Period)),
            samples.Length == 0 ? 0 : samples.Max(s => s.Period),
            (comment ? B("# ========\n# cmdline : perf record\n#\n") : []).Concat(samples.SelectMany(s => s.Text)).ToArray());

    public static readonly Gen<byte[]> AnyPerf = Gen.Frequency(
        (3, Perf.Select(d => d.Text)),
        (3, from doc in Perf from edits in Edit.Array[1, 8] select Damage(doc.Text, edits)),
        (1, RandomBytes),
        (3, Gen.Const(0).SelectMany(_ => CorpusEdits("collapse-perf", Perf.Select(d => d.Text)))));

    // --- DTrace aggregation text ---

    static readonly Gen<byte[]> DtraceFrame =
        from module in Gen.OneOf("app", "libc.so.1", "genunix", "")
        from frame in Frame
        from offset in Gen.Frequency((3, Gen.Int[0, 0xffff].Select(o => $"+0x{o:x}")), (1, Gen.Const("")))
        select B("              " + module + (module.Length > 0 ? "`" : "")).Concat(frame.Where(b => b != '\n')).Concat(B(offset + "\n")).ToArray();

    static bool IsDtraceFrameLine(byte[] line)
    {
        // A frame line that is blank, or only digits, would read as a blank or a count line.
        var text = line.AsSpan().Trim(" \t\r\n\v\f"u8);
        return text.Length > 0 && text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0;
    }

    static readonly Gen<(BigInteger Count, byte[] Text)> DtraceStack =
        from frames in DtraceFrame.Array[1, 8]
        from count in Count
        select (count, B("\n").Concat(frames.Where(IsDtraceFrameLine).SelectMany(f => f)).Concat(B($"                {count}\n")).ToArray());

    public static readonly Gen<DtraceDoc> Dtrace =
        from stacks in DtraceStack.Array[0, 20]
        select new DtraceDoc(
            stacks.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Count),
            B("CPU     ID                    FUNCTION:NAME\n  0  64091                        :tick-60s\n\n").Concat(stacks.SelectMany(s => s.Text)).ToArray());

    public static readonly Gen<byte[]> AnyDtrace = Gen.Frequency(
        (3, Dtrace.Select(d => d.Text)),
        (3, from doc in Dtrace from edits in Edit.Array[1, 8] select Damage(doc.Text, edits)),
        (1, RandomBytes),
        (3, Gen.Const(0).SelectMany(_ => CorpusEdits("collapse-dtrace", Dtrace.Select(d => d.Text)))));

    /// <summary>Bytes as a C# string literal would show them, for a failure message.</summary>
    public static string Show(byte[] bytes)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in bytes.Take(3000))
        {
            text.Append(b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                (byte)'\\' => "\\\\",
                (byte)'"' => "\\\"",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        return text.Append(bytes.Length > 3000 ? $"\" ... ({bytes.Length} bytes)" : "\"").ToString();
    }
}

/// <summary>The corpus's input files of one kind, read once (only their first 256 KB: the edits are local).</summary>
public sealed class CorpusFiles(byte[][] lines)
{
    static readonly Dictionary<string, IReadOnlyList<CorpusFiles>> Cache = [];

    public static IReadOnlyList<CorpusFiles> Of(string folder)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(folder, out var known))
                return known;
            var files = new List<CorpusFiles>();
            string dir = Corpus.Dir is null ? "" : Path.Combine(Corpus.Dir, folder);
            if (Directory.Exists(dir))
            {
                foreach (var path in Directory.EnumerateFiles(dir, "input*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    using var file = File.OpenRead(path);
                    var head = new byte[Math.Min(file.Length, 256 << 10)];
                    file.ReadExactly(head);
                    files.Add(new CorpusFiles(Split(head)));
                }
            }
            return Cache[folder] = files;
        }
    }

    static byte[][] Split(byte[] text)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        if (start < text.Length)
            lines.Add(text[start..]);
        return [.. lines];
    }

    /// <summary>Up to <paramref name="length"/> whole lines from a place chosen by <paramref name="start"/>.</summary>
    public byte[] Window(int start, int length)
    {
        if (lines.Length == 0)
            return [];
        int first = start % lines.Length;
        return lines.Skip(first).Take(length).SelectMany(l => l).ToArray();
    }
}
