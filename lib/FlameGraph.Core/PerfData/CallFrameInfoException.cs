namespace FlameGraph.PerfData;

/// <summary>
/// Damaged call frame information (.eh_frame, .eh_frame_hdr): a record running past its section,
/// a CIE pointer to nowhere, an instruction or pointer encoding we do not know. Thrown only inside
/// the CFI reader, which catches it and answers "no rule" for the address being looked up.
/// </summary>
sealed class CallFrameInfoException(int offset, string problem) : Exception($".eh_frame byte {offset}: {problem}")
{
    public int Offset { get; } = offset;
}
