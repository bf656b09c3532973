using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>One record as it lies in the reader's buffer: valid until the next record is read.</summary>
public readonly ref struct RawRecord(ReadOnlySpan<byte> bytes, long offset)
{
    /// <summary>The whole record, header included.</summary>
    public ReadOnlySpan<byte> Bytes { get; } = bytes;

    /// <summary>Byte offset of the record in the input (of the COMPRESSED record that held it).</summary>
    public long Offset { get; } = offset;

    public uint Type => ReadUInt32LittleEndian(Bytes);
    public ushort Misc => ReadUInt16LittleEndian(Bytes[4..]);
    public ReadOnlySpan<byte> Body => Bytes[PerfFormat.RecordHeaderSize..];
}
