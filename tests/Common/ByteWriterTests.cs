using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Tests.Common;

public class ByteWriterTests
{
    /// <summary>Keeps what was written after the writer disposes it.</summary>
    sealed class KeepingStream : MemoryStream
    {
        public bool Disposed { get; private set; }
        public int Flushes { get; private set; }
        public override void Flush() { Flushes++; base.Flush(); }
        protected override void Dispose(bool disposing) { Disposed = true; base.Dispose(disposing); }
    }

    static string Written(int bufferSize, Action<ByteWriter> write)
    {
        var stream = new KeepingStream();
        using (var writer = new ByteWriter(stream, bufferSize))
            write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(7L, "7")]
    [InlineData(-1L, "-1")]
    [InlineData(1001001L, "1001001")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Longs_are_written_in_plain_decimal(long value, string expected)
    {
        Assert.Equal(expected, Written(1 << 16, w => w.Write(value)));
    }

    [Fact]
    public void Ulongs_are_written_in_plain_decimal()
    {
        Assert.Equal("18446744073709551615 0", Written(1 << 16, w => { w.Write(ulong.MaxValue); w.Write((byte)' '); w.Write(0UL); }));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(21)]
    [InlineData(23)]
    [InlineData(64)]
    public void Numbers_near_the_end_of_the_buffer_are_not_cut(int bufferSize)
    {
        var expected = new StringBuilder();
        string written = Written(bufferSize, w =>
        {
            for (int i = 0; i < 200; i++)
            {
                long value = i % 3 == 0 ? long.MinValue + i : (i % 3 == 1 ? (long)i * 1_000_003 : -i);
                w.Write("f;g "u8);
                w.Write(value);
                w.Write((byte)'\n');
                expected.Append("f;g ").Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }
        });
        Assert.Equal(expected.ToString(), written);
    }

    [Fact]
    public void A_span_larger_than_the_buffer_is_written_in_order()
    {
        string big = new('x', 100);
        Assert.Equal("ab" + big + "c", Written(16, w => { w.Write("ab"u8); w.Write(Encoding.ASCII.GetBytes(big)); w.Write((byte)'c'); }));
    }

    [Fact]
    public void Single_bytes_fill_the_buffer_exactly_and_keep_going()
    {
        Assert.Equal("abcdefghij", Written(4, w => { foreach (char c in "abcdefghij") w.Write((byte)c); }));
    }

    [Fact]
    public void Strings_are_written_as_UTF8()
    {
        Assert.Equal("naïve→λ", Written(1 << 16, w => w.Write("naïve→λ")));
        byte[] expected = Encoding.UTF8.GetBytes("é");
        var stream = new KeepingStream();
        using (var writer = new ByteWriter(stream, 8))
            writer.Write("é");
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void A_string_longer_than_the_buffer_is_written_whole()
    {
        string text = string.Concat(Enumerable.Repeat("frame;", 50));
        Assert.Equal("<" + text + ">", Written(16, w => { w.Write("<"); w.Write(text); w.Write(">"); }));
    }

    [Fact]
    public void Nothing_reaches_the_stream_before_a_flush_and_everything_after()
    {
        var stream = new KeepingStream();
        var writer = new ByteWriter(stream, 1024);
        writer.Write("a;b 1\n"u8);
        Assert.Equal(0, stream.Length);
        writer.Flush();
        Assert.Equal("a;b 1\n", Encoding.ASCII.GetString(stream.ToArray()));
        Assert.False(stream.Disposed);
        writer.Dispose();
        Assert.True(stream.Disposed);
    }

    [Fact]
    public void A_mixed_random_sequence_matches_the_same_text_built_with_a_StringBuilder()
    {
        var random = new Random(7);
        var expected = new StringBuilder();
        string written = Written(29, w =>
        {
            for (int i = 0; i < 3000; i++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        long n = random.NextInt64(long.MinValue, long.MaxValue);
                        w.Write(n);
                        expected.Append(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case 1:
                        string s = new((char)('a' + random.Next(26)), random.Next(0, 70));
                        w.Write(Encoding.ASCII.GetBytes(s));
                        expected.Append(s);
                        break;
                    case 2:
                        w.Write((byte)';');
                        expected.Append(';');
                        break;
                    default:
                        string u = "ß" + random.Next(1000);
                        w.Write(u);
                        expected.Append(u);
                        break;
                }
            }
        });
        Assert.Equal(expected.ToString(), written);
    }
}
