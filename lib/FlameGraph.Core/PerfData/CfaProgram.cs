namespace FlameGraph.PerfData;

/// <summary>
/// Runs the call frame instructions of a CIE and an FDE (DWARF 5 section 6.4.2, with the GNU
/// DW_CFA_GNU_args_size and DW_CFA_GNU_negative_offset_extended) up to an address, keeping the
/// rules of the CFA, the return address register, RBP and RSP; other registers are read past.
/// </summary>
static class CfaProgram
{
    // GCC nests remember_state once or twice; a deeper stack is taken for damage.
    const int StateStackDepth = 16;

    /// <summary>The rules being built; a plain value so remember_state can copy it.</summary>
    struct Rules
    {
        public CfaRule Cfa;
        public RegisterRule Ra, Rbp, Rsp;
        public int RaRegister;

        public readonly RegisterRule Get(int register) =>
            register == RaRegister ? Ra : register switch
            {
                UnwindRow.RbpRegister => Rbp,
                UnwindRow.RspRegister => Rsp,
                _ => default,
            };

        public void Set(int register, RegisterRule rule)
        {
            if (register == RaRegister)
                Ra = rule;
            else if (register == UnwindRow.RbpRegister)
                Rbp = rule;
            else if (register == UnwindRow.RspRegister)
                Rsp = rule;
        }
    }

    /// <summary>The row of <paramref name="fde"/> holding at <paramref name="address"/> (which must lie in the FDE's range).</summary>
    public static UnwindRow RowAt(ReadOnlySpan<byte> data, ulong sectionAddress, in Fde fde, ulong address)
    {
        var cie = fde.Cie;
        var rules = new Rules { RaRegister = cie.ReturnAddressRegister };
        Span<Rules> stack = stackalloc Rules[StateStackDepth];
        int depth = 0;
        ulong loc = fde.PcBegin, end = fde.PcEnd;
        // The CIE's initial instructions make the row every FDE starts from; DW_CFA_restore goes back to it.
        Run(data, sectionAddress, cie, cie.InstructionsStart, cie.InstructionsEnd, ref rules, default, stack, ref depth, ref loc, ref end, address);
        var initial = rules;
        depth = 0;
        Run(data, sectionAddress, cie, fde.InstructionsStart, fde.InstructionsEnd, ref rules, initial, stack, ref depth, ref loc, ref end, address);
        return new UnwindRow(loc, end, rules.Cfa, rules.Ra, rules.Rbp, rules.Rsp, cie.IsSignalFrame);
    }

    /// <summary>
    /// Runs instructions from <paramref name="start"/> until <paramref name="end"/> or until the
    /// location would pass <paramref name="address"/>, which sets <paramref name="rowEnd"/>.
    /// </summary>
    static void Run(ReadOnlySpan<byte> data, ulong sectionAddress, in Cie cie, int start, int end, ref Rules rules, in Rules initial,
        Span<Rules> stack, ref int depth, ref ulong loc, ref ulong rowEnd, ulong address)
    {
        var c = new CfiCursor(data[..end], sectionAddress, start);
        long dataAlign = cie.DataAlignment;
        while (c.Position < end)
        {
            int at = c.Position;
            byte op = c.U8();
            int low = op & 0x3f;
            ulong advance = 0;
            bool advances = false;
            switch (op >> 6)
            {
                case 1:
                    advance = (ulong)low;
                    advances = true;
                    break;
                case 2:
                    rules.Set(low, new RegisterRule(RuleKind.Offset, (long)c.Uleb() * dataAlign));
                    break;
                case 3:
                    rules.Set(low, initial.Get(low));
                    break;
                default:
                    switch (op)
                    {
                        case 0x00: break; // nop
                        case 0x01: // set_loc
                            ulong target = c.Pointer(cie.FdeEncoding);
                            if (target > address)
                            {
                                rowEnd = target;
                                return;
                            }
                            loc = target;
                            break;
                        case 0x02: advance = c.U8(); advances = true; break;
                        case 0x03: advance = c.U16(); advances = true; break;
                        case 0x04: advance = c.U32(); advances = true; break;
                        case 0x05: rules.Set(c.UlebInt(), new RegisterRule(RuleKind.Offset, (long)c.Uleb() * dataAlign)); break;
                        case 0x06: { int r = c.UlebInt(); rules.Set(r, initial.Get(r)); break; }
                        case 0x07: rules.Set(c.UlebInt(), new RegisterRule(RuleKind.Undefined)); break;
                        case 0x08: rules.Set(c.UlebInt(), new RegisterRule(RuleKind.SameValue)); break;
                        case 0x09: rules.Set(c.UlebInt(), new RegisterRule(RuleKind.Register, (long)c.Uleb())); break;
                        case 0x0a: // remember_state (the CFA rule goes with the registers, as GCC and binutils expect)
                            if (depth == stack.Length)
                                throw new CallFrameInfoException(at, "remember_state nested too deep");
                            stack[depth++] = rules;
                            break;
                        case 0x0b: // restore_state
                            if (depth == 0)
                                throw new CallFrameInfoException(at, "restore_state without remember_state");
                            rules = stack[--depth];
                            break;
                        case 0x0c: rules.Cfa = new CfaRule(c.UlebInt(), (long)c.Uleb()); break;
                        case 0x0d: rules.Cfa = new CfaRule(c.UlebInt(), rules.Cfa.Offset); break;
                        case 0x0e: rules.Cfa = rules.Cfa with { Offset = (long)c.Uleb() }; break;
                        case 0x0f:
                            {
                                int s = c.Block(out int n);
                                rules.Cfa = new CfaRule(0, 0, true, s, n);
                                break;
                            }
                        case 0x10:
                            {
                                int r = c.UlebInt();
                                int s = c.Block(out int n);
                                rules.Set(r, new RegisterRule(RuleKind.Expression, 0, s, n));
                                break;
                            }
                        case 0x11: rules.Set(c.UlebInt(), new RegisterRule(RuleKind.Offset, c.Sleb() * dataAlign)); break;
                        case 0x12: rules.Cfa = new CfaRule(c.UlebInt(), c.Sleb() * dataAlign); break;
                        case 0x13: rules.Cfa = rules.Cfa with { Offset = c.Sleb() * dataAlign }; break;
                        case 0x14: rules.Set(c.UlebInt(), new RegisterRule(RuleKind.ValOffset, (long)c.Uleb() * dataAlign)); break;
                        case 0x15: rules.Set(c.UlebInt(), new RegisterRule(RuleKind.ValOffset, c.Sleb() * dataAlign)); break;
                        case 0x16:
                            {
                                int r = c.UlebInt();
                                int s = c.Block(out int n);
                                rules.Set(r, new RegisterRule(RuleKind.ValExpression, 0, s, n));
                                break;
                            }
                        case 0x2e: c.Uleb(); break; // GNU_args_size: the unwinder here does not need it
                        case 0x2f: rules.Set(c.UlebInt(), new RegisterRule(RuleKind.Offset, -(long)c.Uleb() * dataAlign)); break;
                        default: throw new CallFrameInfoException(at, $"call frame instruction 0x{op:x2} unknown");
                    }
                    break;
            }
            if (advances)
            {
                ulong next = loc + advance * cie.CodeAlignment;
                if (next > address)
                {
                    rowEnd = next;
                    return;
                }
                loc = next;
            }
        }
    }
}
