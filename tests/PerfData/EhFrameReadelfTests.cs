using System.Globalization;
using FlameGraph.PerfData;
using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.PerfData;

/// <summary>
/// The .eh_frame reader's rows compared with what `readelf --debug-dump=frames-interp` prints for
/// real x86-64 binaries of this machine and for a small C program compiled at test time with and
/// without frame pointers: the CFA (register+offset, or expression), and the rules of the return
/// address, RBP and RSP, at each row's first address and at the last address before the next row.
/// </summary>
public class EhFrameReadelfTests
{
    const string Libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    const string Bash = "/usr/bin/bash";

    const string Program = """
        #include <alloca.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>

        __attribute__((noinline)) static long leaf(long x) { return x * 3 + 1; }

        __attribute__((noinline)) static long recurse(long n, long acc)
        {
            if (n <= 0)
                return acc;
            long r = recurse(n - 1, acc + leaf(n));
            return r ^ n;
        }

        __attribute__((noinline)) static long dynamic(int n)
        {
            char *buffer = alloca((size_t)n + 16);
            memset(buffer, n, (size_t)n);
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += buffer[i] * leaf(i);
            return sum;
        }

        __attribute__((noinline)) static long many(long a, long b, long c, long d, long e, long f)
        {
            long x = leaf(a) + leaf(b), y = leaf(c) * leaf(d), z = leaf(e) - leaf(f);
            printf("%ld %ld %ld\n", x, y, z);
            return x + y + z + leaf(x + y);
        }

        int main(int argc, char **argv)
        {
            long n = argc > 1 ? strtol(argv[1], 0, 10) : 5;
            return (int)(recurse(n, 0) + dynamic((int)n) + many(n, n + 1, n + 2, n + 3, n + 4, n + 5)) & 1;
        }
        """;

    static string Readelf(string file)
    {
        // readelf 2.40 exits with 1 on libc.so.6 without a word on stderr, having printed all of .eh_frame.
        var run = RealPerf.Run("readelf", ["--debug-dump=frames-interp", file]);
        Assert.True(run.Stdout.Contains("Contents of the .eh_frame section", StringComparison.Ordinal), $"readelf {file}: {run.ExitCode} {run.Stderr}");
        return run.Stdout;
    }

    static string Compile(ScratchDirectory scratch, string name, params string[] flags)
    {
        string source = scratch.Write("program.c", Program);
        string binary = scratch.PathOf(name);
        var gcc = RealPerf.Run("gcc", [.. flags, "-o", binary, source]);
        Assert.True(gcc.ExitCode == 0, gcc.Stderr);
        return binary;
    }

    static readonly string[] RegisterNames =
        ["rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"];

    static string Text(CfaRule cfa) =>
        cfa.IsExpression ? "exp" : RegisterNames[cfa.Register] + cfa.Offset.ToString("+0;-0", CultureInfo.InvariantCulture);

    /// <summary>The rule as readelf writes it; readelf writes "u" both for undefined and for a register the FDE has not yet given a rule.</summary>
    static string Text(RegisterRule rule) => rule.Kind switch
    {
        RuleKind.Unspecified or RuleKind.Undefined => "u",
        RuleKind.SameValue => "s",
        RuleKind.Offset => "c" + rule.Value.ToString("+0;-0", CultureInfo.InvariantCulture),
        RuleKind.ValOffset => "v" + rule.Value.ToString("+0;-0", CultureInfo.InvariantCulture),
        RuleKind.Register => RegisterNames[rule.Value],
        RuleKind.Expression => "exp",
        RuleKind.ValExpression => "vexp",
        _ => "?",
    };

    /// <summary>Compares every <paramref name="step"/>th FDE readelf lists (that has rows); returns how many addresses were compared.</summary>
    static int CompareWithReadelf(EhFrame frames, string file, int step)
    {
        var readelf = ReadelfFrames.Parse(Readelf(file));
        Assert.NotEmpty(readelf.Fdes);
        int compared = 0;
        var sampled = readelf.Fdes.Where((fde, i) => i % step == 0 && fde.Rows.Count > 0 && fde.PcEnd > fde.PcBegin);
        foreach (var fde in sampled)
        {
            for (int i = 0; i < fde.Rows.Count; i++)
            {
                var row = fde.Rows[i];
                ulong next = i + 1 < fde.Rows.Count ? fde.Rows[i + 1].Loc : fde.PcEnd;
                if (next <= row.Loc)
                    continue; // an advance by zero: the later row holds
                foreach (ulong address in (ReadOnlySpan<ulong>)[row.Loc, next - 1])
                {
                    string where = $"{file} FDE {fde.PcBegin:x}..{fde.PcEnd:x} at 0x{address:x}";
                    var found = frames.Find(address);
                    Assert.True(found is not null, $"{where}: no row");
                    var got = found.Value;
                    Assert.True(got.Start <= address && address < got.End, $"{where}: row {got.Start:x}..{got.End:x}");
                    Assert.Equal((where, row.Cfa), (where, Text(got.Cfa)));
                    Assert.Equal((where, row.Registers.GetValueOrDefault("ra", "u")), (where, Text(got.ReturnAddress)));
                    Assert.Equal((where, row.Registers.GetValueOrDefault("rbp", "u")), (where, Text(got.Rbp)));
                    Assert.Equal((where, row.Registers.GetValueOrDefault("rsp", "u")), (where, Text(got.Rsp)));
                    compared++;
                }
            }
        }
        return compared;
    }

    static EhFrame Open(string file, bool useHeader)
    {
        using var elf = ElfFile.Open(file);
        Assert.NotNull(elf);
        var frames = EhFrame.Read(elf);
        Assert.NotNull(frames);
        if (useHeader)
        {
            Assert.True(frames.UsesHeaderTable, $"{file}: .eh_frame_hdr table not used");
            return frames;
        }
        var section = elf.Find(".eh_frame")!.Value;
        return new EhFrame(elf.ReadSection(section), section.Address);
    }

    [Theory]
    [InlineData(Libc, true)]
    [InlineData(Libc, false)]
    [InlineData(Bash, true)]
    public void Rows_of_installed_binaries_match_readelf(string file, bool useHeader)
    {
        if (!File.Exists(file))
            Assert.Skip($"{file} is not on this machine");
        int compared = CompareWithReadelf(Open(file, useHeader), file, 1);
        Assert.True(compared > 200, $"only {compared} addresses compared");
    }

    [Theory]
    [InlineData("-fno-omit-frame-pointer")]
    [InlineData("-fomit-frame-pointer")]
    public void Rows_of_a_program_compiled_here_match_readelf(string framePointer)
    {
        using var scratch = new ScratchDirectory("fg-ehframe-");
        string binary = Compile(scratch, "program", "-O2", framePointer);
        foreach (bool useHeader in (ReadOnlySpan<bool>)[true, false])
        {
            int compared = CompareWithReadelf(Open(binary, useHeader), binary, 1);
            Assert.True(compared > 10, $"only {compared} addresses compared");
        }
    }

    [Fact]
    public void A_frame_pointer_function_has_its_cfa_on_rbp_after_the_prologue()
    {
        using var scratch = new ScratchDirectory("fg-ehframe-");
        string binary = Compile(scratch, "program", "-O2", "-fno-omit-frame-pointer");
        var frames = Open(binary, true);
        var readelf = ReadelfFrames.Parse(Readelf(binary));
        // Every function that saves RBP with frame pointers ends up with CFA = rbp+16, RBP at c-16, RA at c-8.
        int onRbp = readelf.Fdes.Count(fde => fde.Rows.Count > 2 && frames.Find(fde.Rows[2].Loc) is
        {
            Cfa: { Register: UnwindRow.RbpRegister, Offset: 16, IsExpression: false },
            Rbp: { Kind: RuleKind.Offset, Value: -16 },
            ReturnAddress: { Kind: RuleKind.Offset, Value: -8 },
        });
        Assert.True(onRbp >= 3, $"{onRbp} functions with CFA on rbp");
    }

    [Fact]
    public void Addresses_outside_every_fde_have_no_row()
    {
        if (!File.Exists(Libc))
            Assert.Skip($"{Libc} is not on this machine");
        var frames = Open(Libc, true);
        Assert.Null(frames.Find(0));
        Assert.Null(frames.Find(ulong.MaxValue));
        var readelf = ReadelfFrames.Parse(Readelf(Libc));
        var gap = readelf.Fdes.OrderBy(f => f.PcBegin).Zip(readelf.Fdes.OrderBy(f => f.PcBegin).Skip(1)).First(p => p.First.PcEnd < p.Second.PcBegin);
        Assert.Null(frames.Find(gap.First.PcEnd));
    }
}
