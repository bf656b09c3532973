namespace FlameGraph.PerfData;

/// <summary>
/// How a register of the calling frame is recovered, as the register rules of DWARF 5 section
/// 6.4.1 name them. <see cref="Unspecified"/> means the CFI says nothing about the register (the
/// ABI decides: on x86-64 callee-saved registers then keep their value).
/// </summary>
enum RuleKind : byte
{
    Unspecified,
    Undefined,
    SameValue,
    /// <summary>Saved at CFA + <see cref="RegisterRule.Value"/>.</summary>
    Offset,
    /// <summary>The value is CFA + <see cref="RegisterRule.Value"/>.</summary>
    ValOffset,
    /// <summary>Saved in register <see cref="RegisterRule.Value"/>.</summary>
    Register,
    /// <summary>Saved at the address a DWARF expression computes.</summary>
    Expression,
    /// <summary>The value is what a DWARF expression computes.</summary>
    ValExpression,
}

/// <summary>
/// One register's rule in an unwind row (DWARF 5 section 6.4.1). For the expression kinds the
/// expression's bytes are <see cref="ExpressionLength"/> bytes at <see cref="ExpressionStart"/>
/// of the .eh_frame section (see <see cref="EhFrame.Expression(int, int)"/>).
/// </summary>
readonly record struct RegisterRule(RuleKind Kind, long Value = 0, int ExpressionStart = 0, int ExpressionLength = 0)
{
    public static RegisterRule Unspecified => default;
}

/// <summary>
/// The CFA rule of an unwind row (DWARF 5 section 6.4.1): register + offset, or, when
/// <see cref="IsExpression"/>, a DWARF expression whose bytes are in .eh_frame.
/// </summary>
readonly record struct CfaRule(int Register, long Offset, bool IsExpression = false, int ExpressionStart = 0, int ExpressionLength = 0);

/// <summary>
/// The row of the CFI table (DWARF 5 section 6.4.1) that holds for addresses
/// <see cref="Start"/> up to (not including) <see cref="End"/>: the CFA and the rules of the
/// return address (DWARF register 16 on x86-64), RBP (6) and RSP (7).
/// </summary>
readonly record struct UnwindRow(ulong Start, ulong End, CfaRule Cfa, RegisterRule ReturnAddress, RegisterRule Rbp, RegisterRule Rsp, bool IsSignalFrame)
{
    public const int RbpRegister = 6, RspRegister = 7;
}
