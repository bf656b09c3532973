namespace FlameGraph.Internals;

/// <summary>
/// Splits a stream into lines without decoding: each line is a span of the raw bytes, without
/// its '\n'. Reads in large blocks and finds line ends with a vectorised search. A line longer
/// than the buffer grows the buffer, so no line is ever cut. The last line need not end in '\n'.
/// </summary>
public sealed class LineReader
{
    readonly Stream _stream;
    byte[] _buffer;
    int _start;   // first byte not yet returned
    int _end;     // one past the last byte read
    bool _eof;

    public LineReader(Stream stream, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Whether the line last returned ended with '\n' (false only for a final unterminated line).</summary>
    public bool LastLineTerminated { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int searchFrom = _start;
        while (true)
        {
            int nl = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int lineEnd = searchFrom + nl;
                line = _buffer.AsSpan(_start, lineEnd - _start);
                _start = lineEnd + 1;
                LineNumber++;
                LastLineTerminated = true;
                return true;
            }
            if (_eof)
            {
                if (_start < _end)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    LineNumber++;
                    LastLineTerminated = false;
                    return true;
                }
                line = default;
                return false;
            }
            searchFrom = Fill();
        }
    }

    /// <summary>Moves unread bytes to the front, grows the buffer if it is full, reads more. Returns where to resume the search.</summary>
    int Fill()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
            _eof = true;
        _end += read;
        return pending;
    }
}
