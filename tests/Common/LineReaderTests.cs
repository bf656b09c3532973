using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Tests.Common;

public class LineReaderTests
{
    /// <summary>A stream that hands out at most a few bytes per Read, as a pipe may.</summary>
    sealed class TrickleStream(byte[] data, int maxPerRead) : Stream
    {
        int _position;
        public int Reads { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            int n = Math.Min(Math.Min(count, maxPerRead), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    static List<string> ReadAll(LineReader reader)
    {
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
            lines.Add(Encoding.Latin1.GetString(line));
        return lines;
    }

    static List<string> ReadAll(string text, int bufferSize = 1 << 20, int maxPerRead = int.MaxValue) =>
        ReadAll(new LineReader(new TrickleStream(Encoding.Latin1.GetBytes(text), maxPerRead), bufferSize));

    const string Sample = "alpha\nbe\n\ngamma delta;epsilon 42\nz\n";
    static readonly string[] SampleLines = ["alpha", "be", "", "gamma delta;epsilon 42", "z"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(64)]
    public void Lines_that_span_buffer_refills_come_out_whole(int bufferSize)
    {
        Assert.Equal(SampleLines, ReadAll(Sample, bufferSize));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(16, 5)]
    public void Short_reads_from_a_pipe_do_not_split_lines(int bufferSize, int maxPerRead)
    {
        Assert.Equal(SampleLines, ReadAll(Sample, bufferSize, maxPerRead));
    }

    [Fact]
    public void A_ten_megabyte_line_is_returned_in_one_piece()
    {
        const int Length = 10_000_000;
        var data = new byte[Length + "\nnext\n".Length];
        data.AsSpan(0, Length).Fill((byte)'x');
        data[Length / 2] = (byte)';';
        Encoding.ASCII.GetBytes("\nnext\n").CopyTo(data, Length);
        var reader = new LineReader(new TrickleStream(data, 1 << 16));

        Assert.True(reader.TryReadLine(out var line));
        Assert.Equal(Length, line.Length);
        Assert.Equal((byte)';', line[Length / 2]);
        Assert.Equal(Length - 1, line.Count((byte)'x'));
        Assert.True(reader.TryReadLine(out line));
        Assert.Equal("next", Encoding.ASCII.GetString(line));
        Assert.False(reader.TryReadLine(out _));
    }

    [Fact]
    public void A_final_line_without_newline_is_returned_and_flagged()
    {
        var reader = new LineReader(new MemoryStream(Encoding.ASCII.GetBytes("a;b 1\nc 2")), 4);

        Assert.True(reader.TryReadLine(out var line));
        Assert.Equal("a;b 1", Encoding.ASCII.GetString(line));
        Assert.True(reader.LastLineTerminated);
        Assert.True(reader.TryReadLine(out line));
        Assert.Equal("c 2", Encoding.ASCII.GetString(line));
        Assert.False(reader.LastLineTerminated);
        Assert.Equal(2, reader.LineNumber);
        Assert.False(reader.TryReadLine(out _));
    }

    [Fact]
    public void A_trailing_newline_does_not_make_an_extra_empty_line()
    {
        Assert.Equal(["a", "b"], ReadAll("a\nb\n"));
    }

    [Fact]
    public void CRLF_is_kept_as_bytes()
    {
        Assert.Equal(["a;b 1\r", "\r", "c 2\r"], ReadAll("a;b 1\r\n\r\nc 2\r\n", bufferSize: 3));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_pass_through_unchanged()
    {
        byte[] data = [0xff, 0xfe, (byte)'\n', 0x00, 0xc3, 0xa9, (byte)'\n'];
        var reader = new LineReader(new MemoryStream(data), 2);

        Assert.True(reader.TryReadLine(out var line));
        Assert.Equal(new byte[] { 0xff, 0xfe }, line.ToArray());
        Assert.True(reader.TryReadLine(out line));
        Assert.Equal(new byte[] { 0x00, 0xc3, 0xa9 }, line.ToArray());
    }

    [Fact]
    public void Empty_input_has_no_lines_and_a_lone_newline_has_one_empty_line()
    {
        Assert.Empty(ReadAll(""));
        Assert.Equal([""], ReadAll("\n"));
    }

    [Fact]
    public void Line_numbers_count_every_line_including_empty_ones()
    {
        var reader = new LineReader(new MemoryStream(Encoding.ASCII.GetBytes("x\n\n\ny\n")), 2);
        var numbers = new List<long>();
        while (reader.TryReadLine(out _))
            numbers.Add(reader.LineNumber);
        Assert.Equal([1L, 2L, 3L, 4L], numbers);
    }

    [Fact]
    public void Many_random_lines_read_back_exactly_with_a_small_buffer()
    {
        var random = new Random(12345);
        var expected = new List<string>();
        var text = new StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            var line = new string('a', random.Next(0, 300)) + i;
            expected.Add(line);
            text.Append(line).Append('\n');
        }
        Assert.Equal(expected, ReadAll(text.ToString(), bufferSize: 37, maxPerRead: 101));
    }
}
