using static System.Buffers.Binary.BinaryPrimitives;

namespace FlameGraph.PerfData;

/// <summary>
/// Records read one after another from a stream through one large buffer, up to a limit (the
/// data section's end) or the end of the stream. A record is handed out as a span into the
/// buffer: nothing is allocated per record. Damage (a size smaller than a header, a record
/// running past the end) stops the reading with the offset where it was found.
/// </summary>
/// <param name="cutShort">The limit is where the file ends, before the data section does.</param>
sealed class RecordStream(Stream stream, long start, long limit, bool cutShort = false)
{
    const int BlockSize = 4 << 20;

    byte[] _buffer = new byte[BlockSize];
    int _pos, _end;
    long _bufferOffset = start; // input offset of _buffer[0]
    bool _eof;

    /// <summary>Input offset of the next record.</summary>
    public long Position => _bufferOffset + _pos;

    /// <summary>Reads the next record; false at the limit or at a clean end of the stream.</summary>
    public bool Next(out RawRecord record)
    {
        record = default;
        long at = Position;
        if (at >= limit)
            return false;
        if (!Fill(PerfFormat.RecordHeaderSize))
        {
            if (_end == _pos)
                return false;
            throw new PerfDataException(at, $"truncated: {_end - _pos} bytes left, less than a record header");
        }
        int size = ReadUInt16LittleEndian(_buffer.AsSpan(_pos + 6));
        uint type = ReadUInt32LittleEndian(_buffer.AsSpan(_pos));
        if (size < PerfFormat.RecordHeaderSize)
            throw new PerfDataException(at, $"{PerfFormat.RecordName(type)} record of size {size}, smaller than its header");
        if (at + size > limit && cutShort)
            throw new PerfDataException(at, $"truncated: {PerfFormat.RecordName(type)} record of {size} bytes is cut off by the end of the file at byte {limit}");
        if (at + size > limit)
            throw new PerfDataException(at, $"{PerfFormat.RecordName(type)} record of {size} bytes runs past the end of the data at byte {limit}");
        if (!Fill(size))
            throw new PerfDataException(at, $"truncated: {PerfFormat.RecordName(type)} record of {size} bytes runs past the end of the file ({_end - _pos} bytes left)");
        record = new RawRecord(_buffer.AsSpan(_pos, size), at);
        _pos += size;
        return true;
    }

    /// <summary>Skips bytes that follow a record (AUXTRACE data, pipe-mode tracing data).</summary>
    public void SkipPayload(ulong bytes, string what)
    {
        long at = Position;
        while (bytes > 0)
        {
            if (_pos == _end && !Fill(1))
                throw new PerfDataException(at, $"truncated: {what} runs past the end of the file");
            int step = (int)Math.Min(bytes, (ulong)(_end - _pos));
            _pos += step;
            bytes -= (ulong)step;
        }
    }

    /// <summary>Makes at least <paramref name="bytes"/> bytes available at _pos, unless the stream ends first.</summary>
    bool Fill(int bytes)
    {
        if (_end - _pos >= bytes)
            return true;
        if (_eof)
            return false;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _bufferOffset += _pos;
            _end -= _pos;
            _pos = 0;
        }
        if (bytes > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(bytes, _buffer.Length * 2));
        while (_end < bytes)
        {
            long room = limit == long.MaxValue ? _buffer.Length - _end : Math.Min(_buffer.Length - _end, limit - (_bufferOffset + _end));
            if (room <= 0)
                return false;
            int read = stream.Read(_buffer, _end, (int)room);
            if (read == 0)
            {
                _eof = true;
                return false;
            }
            _end += read;
        }
        return true;
    }
}
