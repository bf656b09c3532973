using ZstdSharp.Unsafe;
using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// The records inside COMPRESSED records (`perf record -z`): one zstd stream runs through all
/// of them, and a record may start in one COMPRESSED record and end in the next, so the
/// decompressor and the undelivered tail live across calls.
/// </summary>
sealed unsafe class CompressedRecords : IDisposable
{
    ZSTD_DCtx_s* _context = Methods.ZSTD_createDCtx();
    byte[] _out = new byte[1 << 20];
    int _pos, _end;

    /// <summary>True while decompressed bytes wait to be read as records.</summary>
    public bool HasPending => _pos < _end;

    /// <summary>Decompresses one COMPRESSED record's payload after what is still pending.</summary>
    public void Feed(ReadOnlySpan<byte> payload, long offset)
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_out, _pos, _out, 0, _end - _pos);
            _end -= _pos;
            _pos = 0;
        }
        fixed (byte* source = payload)
        {
            var input = new ZSTD_inBuffer_s { src = source, size = (nuint)payload.Length, pos = 0 };
            while (true)
            {
                if (_out.Length - _end < (1 << 16))
                    Array.Resize(ref _out, _out.Length * 2);
                fixed (byte* target = _out)
                {
                    var output = new ZSTD_outBuffer_s { dst = target, size = (nuint)_out.Length, pos = (nuint)_end };
                    nuint result = Methods.ZSTD_decompressStream(_context, &output, &input);
                    if (Methods.ZSTD_isError(result))
                        throw new PerfDataException(offset, $"COMPRESSED record: zstd: {new string(Methods.ZSTD_getErrorName(result))}");
                    _end = (int)output.pos;
                    bool outputFull = output.pos == output.size;
                    if (input.pos == input.size && !outputFull)
                        return;
                }
            }
        }
    }

    /// <summary>The next whole decompressed record; false when the rest is a partial record (or nothing).</summary>
    public bool Next(long offset, out RawRecord record)
    {
        record = default;
        if (_end - _pos < PerfFormat.RecordHeaderSize)
            return false;
        int size = ReadUInt16LittleEndian(_out.AsSpan(_pos + 6));
        if (size < PerfFormat.RecordHeaderSize)
            throw new PerfDataException(offset, $"COMPRESSED record holds a record of size {size}, smaller than its header");
        if (_end - _pos < size)
            return false;
        record = new RawRecord(_out.AsSpan(_pos, size), offset);
        _pos += size;
        return true;
    }

    public void Dispose()
    {
        if (_context != null)
        {
            Methods.ZSTD_freeDCtx(_context);
            _context = null;
        }
    }
}
