using FlameGraph.PerfData;
using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.Tests.PerfData;

/// <summary>
/// The .eh_frame reader on small hand-made sections: the rows of a known function (prologue,
/// frame pointer, remember/restore state), the 64-bit length form, the .eh_frame_hdr table, and
/// damaged bytes (truncated records, bad CIE pointers, unknown instructions) giving "no row".
/// </summary>
public class EhFrameBytesTests
{
    const ulong SectionAddress = 0x1000, Function = 0x2000, FunctionLength = 0x20;

    // CIE "zR", code alignment 1, data alignment -8, RA register 16, FDE pointers pcrel|sdata4;
    // initial instructions: def_cfa rsp+8, offset(ra) = cfa-8.
    static readonly byte[] CieBody = [1, (byte)'z', (byte)'R', 0, 1, 0x78, 16, 1, 0x1b, 0x0c, 7, 8, 0x90, 1, 0, 0];

    // advance 1; def_cfa_offset 16; offset(rbp) = cfa-16; advance 3; def_cfa_register rbp;
    // advance 16; remember_state; def_cfa rsp+8; restore rbp; advance 1; restore_state.
    static readonly byte[] FdeProgram = [0x41, 0x0e, 16, 0x86, 2, 0x43, 0x0d, 6, 0x50, 0x0a, 0x0c, 7, 8, 0xc6, 0x41, 0x0b];

    sealed class Builder(bool wide)
    {
        readonly List<byte> _bytes = [];

        public int FdeOffset { get; private set; }
        public int CiePointerAt { get; private set; }

        void Length(int bodyLength)
        {
            if (wide)
            {
                Bytes(0xff, 0xff, 0xff, 0xff);
                Bytes(BitConverter.GetBytes((ulong)(bodyLength + 8)));
            }
            else
            {
                Bytes(BitConverter.GetBytes((uint)(bodyLength + 4)));
            }
        }

        void Bytes(params byte[] bytes) => _bytes.AddRange(bytes);

        void Id(ulong id) => Bytes(wide ? BitConverter.GetBytes(id) : BitConverter.GetBytes((uint)id));

        public byte[] Build(byte[] program)
        {
            Length(CieBody.Length);
            Id(0);
            Bytes(CieBody);
            FdeOffset = _bytes.Count;
            Length(4 + 4 + 1 + program.Length);
            CiePointerAt = _bytes.Count;
            Id((ulong)CiePointerAt);
            int pcAt = _bytes.Count;
            Bytes(BitConverter.GetBytes((int)(Function - (SectionAddress + (ulong)pcAt))));
            Bytes(BitConverter.GetBytes((int)FunctionLength));
            Bytes(0); // augmentation data length
            Bytes(program);
            Bytes(0, 0, 0, 0); // terminator
            return [.. _bytes];
        }
    }

    static byte[] Section(out int fdeOffset, out int ciePointerAt, bool wide = false, byte[]? program = null)
    {
        var builder = new Builder(wide);
        var bytes = builder.Build(program ?? FdeProgram);
        fdeOffset = builder.FdeOffset;
        ciePointerAt = builder.CiePointerAt;
        return bytes;
    }

    /// <summary>An .eh_frame_hdr at 0x3000: version 1, eh_frame_ptr pcrel|sdata4, count udata4, table datarel|sdata4, one entry.</summary>
    static byte[] Header(int fdeOffset, byte version = 1)
    {
        const ulong headerAddress = 0x3000;
        var bytes = new byte[4 + 4 + 4 + 8];
        bytes[0] = version;
        bytes[1] = 0x1b;
        bytes[2] = 0x03;
        bytes[3] = 0x3b;
        WriteInt32LittleEndian(bytes.AsSpan(4), unchecked((int)(SectionAddress - (headerAddress + 4))));
        WriteUInt32LittleEndian(bytes.AsSpan(8), 1);
        WriteInt32LittleEndian(bytes.AsSpan(12), unchecked((int)(Function - headerAddress)));
        WriteInt32LittleEndian(bytes.AsSpan(16), unchecked((int)(SectionAddress + (ulong)fdeOffset - headerAddress)));
        return bytes;
    }

    static void AssertKnownRows(EhFrame frames)
    {
        var rsp8 = new CfaRule(UnwindRow.RspRegister, 8);
        var rsp16 = new CfaRule(UnwindRow.RspRegister, 16);
        var rbp16 = new CfaRule(UnwindRow.RbpRegister, 16);
        var raSaved = new RegisterRule(RuleKind.Offset, -8);
        var rbpSaved = new RegisterRule(RuleKind.Offset, -16);
        (ulong Start, ulong End, CfaRule Cfa, RegisterRule Rbp)[] expected =
        [
            (0x2000, 0x2001, rsp8, RegisterRule.Unspecified),
            (0x2001, 0x2004, rsp16, rbpSaved),
            (0x2004, 0x2014, rbp16, rbpSaved),
            (0x2014, 0x2015, rsp8, RegisterRule.Unspecified), // after remember_state, def_cfa and restore
            (0x2015, 0x2020, rbp16, rbpSaved), // restore_state brings back the CFA rule too
        ];
        foreach (var (start, end, cfa, rbp) in expected)
        {
            foreach (ulong address in (ReadOnlySpan<ulong>)[start, end - 1])
            {
                var row = frames.Find(address);
                Assert.NotNull(row);
                Assert.Equal((address, start, end, cfa, rbp, raSaved), (address, row.Value.Start, row.Value.End, row.Value.Cfa, row.Value.Rbp, row.Value.ReturnAddress));
                Assert.Equal(RegisterRule.Unspecified, row.Value.Rsp);
            }
        }
        Assert.Null(frames.Find(Function - 1));
        Assert.Null(frames.Find(Function + FunctionLength));
    }

    [Fact]
    public void A_known_function_gives_its_rows()
    {
        var bytes = Section(out _, out _);
        AssertKnownRows(new EhFrame(bytes, SectionAddress));
    }

    [Fact]
    public void Every_kind_of_rule_is_read()
    {
        byte[] program =
        [
            0x41, 0x07, 16, 0x08, 6, 0x09, 7, 1, // undefined(ra), same_value(rbp), register(rsp) = rdx
            0x41, 0x14, 6, 2, 0x10, 16, 2, 0x77, 0x08, 0x16, 7, 1, 0x9c, // val_offset(rbp), expression(ra), val_expression(rsp)
            0x41, 0x0f, 3, 0x77, 0x08, 0x06, // def_cfa_expression
            0x41, 0x12, 6, 0x7e, 0x11, 6, 0x7e, // def_cfa_sf rbp -2 (x -8), offset_extended_sf(rbp) -2 (x -8)
            0x41, 0x13, 0x7d, 0x2e, 16, 0x05, 16, 3, // def_cfa_offset_sf -3 (x -8), GNU_args_size, offset_extended(ra) 3 (x -8)
            0x41, 0x06, 16, // restore_extended(ra): the CIE's rule again
        ];
        var frames = new EhFrame(Section(out _, out _, program: program), SectionAddress);
        var rsp8 = new CfaRule(UnwindRow.RspRegister, 8);

        var first = frames.Find(0x2001)!.Value;
        Assert.Equal((rsp8, RuleKind.Undefined, RuleKind.SameValue), (first.Cfa, first.ReturnAddress.Kind, first.Rbp.Kind));
        Assert.Equal(new RegisterRule(RuleKind.Register, 1), first.Rsp);

        var second = frames.Find(0x2002)!.Value;
        Assert.Equal(new RegisterRule(RuleKind.ValOffset, -16), second.Rbp);
        Assert.Equal(RuleKind.Expression, second.ReturnAddress.Kind);
        Assert.Equal([0x77, 0x08], frames.Expression(second.ReturnAddress.ExpressionStart, second.ReturnAddress.ExpressionLength).ToArray());
        Assert.Equal(RuleKind.ValExpression, second.Rsp.Kind);
        Assert.Equal([0x9c], frames.Expression(second.Rsp.ExpressionStart, second.Rsp.ExpressionLength).ToArray());

        var third = frames.Find(0x2003)!.Value;
        Assert.True(third.Cfa.IsExpression);
        Assert.Equal([0x77, 0x08, 0x06], frames.Expression(third.Cfa.ExpressionStart, third.Cfa.ExpressionLength).ToArray());

        var fourth = frames.Find(0x2004)!.Value;
        Assert.Equal((new CfaRule(UnwindRow.RbpRegister, 16), new RegisterRule(RuleKind.Offset, 16)), (fourth.Cfa, fourth.Rbp));

        var fifth = frames.Find(0x2005)!.Value;
        Assert.Equal((new CfaRule(UnwindRow.RbpRegister, 24), new RegisterRule(RuleKind.Offset, -24)), (fifth.Cfa, fifth.ReturnAddress));

        var last = frames.Find(0x201f)!.Value;
        Assert.Equal((0x2006ul, 0x2020ul, new RegisterRule(RuleKind.Offset, -8)), (last.Start, last.End, last.ReturnAddress));
    }

    [Fact]
    public void The_64_bit_length_form_gives_the_same_rows()
    {
        var bytes = Section(out _, out _, wide: true);
        AssertKnownRows(new EhFrame(bytes, SectionAddress));
    }

    [Fact]
    public void The_header_table_is_searched_when_usable()
    {
        var bytes = Section(out int fde, out _);
        var frames = new EhFrame(bytes, SectionAddress, Header(fde), 0x3000);
        Assert.True(frames.UsesHeaderTable);
        AssertKnownRows(frames);

        var unknownVersion = new EhFrame(bytes, SectionAddress, Header(fde, version: 2), 0x3000);
        Assert.False(unknownVersion.UsesHeaderTable);
        AssertKnownRows(unknownVersion);
    }

    [Fact]
    public void A_truncated_fde_gives_no_row()
    {
        var bytes = Section(out int fde, out _);
        var cut = new EhFrame(bytes[..(fde + 20)], SectionAddress);
        Assert.Null(cut.Find(Function));
        Assert.Null(new EhFrame(bytes[..(fde + 20)], SectionAddress, Header(fde), 0x3000).Find(Function));

        // The FDE's length ends inside def_cfa_offset's operand: the row before it still stands.
        var shortened = (byte[])bytes.Clone();
        WriteUInt32LittleEndian(shortened.AsSpan(fde), 4 + 4 + 4 + 1 + 2);
        var frames = new EhFrame(shortened, SectionAddress);
        Assert.Equal(new CfaRule(UnwindRow.RspRegister, 8), frames.Find(Function)?.Cfa);
        Assert.Null(frames.Find(Function + 1));
    }

    [Theory]
    [InlineData(0x7fff0000u)] // before the section
    [InlineData(4u)] // to the FDE itself, not a CIE
    [InlineData(20u)] // into the middle of the CIE, where no record starts
    [InlineData(0u)] // to itself: an FDE id of 0 makes it a CIE, so the function has no FDE
    public void A_bad_cie_pointer_gives_no_row(uint pointer)
    {
        var bytes = Section(out int fde, out int ciePointerAt);
        WriteUInt32LittleEndian(bytes.AsSpan(ciePointerAt), pointer);
        Assert.Null(new EhFrame(bytes, SectionAddress).Find(Function));
        Assert.Null(new EhFrame(bytes, SectionAddress, Header(fde), 0x3000).Find(Function));
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x3f })] // an instruction that does not exist
    [InlineData(new byte[] { 0x41, 0x0b })] // restore_state with nothing remembered
    [InlineData(new byte[] { 0x41, 0x0f, 0x40 })] // an expression longer than the record
    public void A_damaged_program_gives_no_row_past_the_damage(byte[] program)
    {
        var frames = new EhFrame(Section(out _, out _, program: program), SectionAddress);
        Assert.Equal(new CfaRule(UnwindRow.RspRegister, 8), frames.Find(Function)?.Cfa);
        Assert.Null(frames.Find(Function + 1));
    }

    [Fact]
    public void No_truncation_or_changed_byte_makes_the_reader_throw()
    {
        var bytes = Section(out int fde, out _);
        var header = Header(fde);
        var damaged = new List<byte[]>();
        for (int length = 0; length < bytes.Length; length++)
            damaged.Add(bytes[..length]);
        for (int i = 0; i < bytes.Length; i++)
        {
            foreach (byte value in (ReadOnlySpan<byte>)[0x00, 0x7f, 0x80, 0xff, (byte)(bytes[i] ^ 0x55)])
            {
                var copy = (byte[])bytes.Clone();
                copy[i] = value;
                damaged.Add(copy);
            }
        }
        foreach (var section in damaged)
        {
            foreach (var frames in (EhFrame[])[new EhFrame(section, SectionAddress), new EhFrame(section, SectionAddress, header, 0x3000)])
            {
                for (ulong address = Function - 1; address <= Function + FunctionLength; address++)
                    _ = frames.Find(address); // a row or null, never an exception
            }
        }
    }
}
