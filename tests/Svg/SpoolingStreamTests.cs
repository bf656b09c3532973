using FlameGraph.Svg;

namespace FlameGraph.Tests.Svg;

/// <summary>The copy of a piped input that fg-svg keeps to read it again when it needs sorting.</summary>
public class SpoolingStreamTests
{
    [Fact]
    public void A_spool_that_fills_up_moves_to_memory_and_the_whole_input_is_read_again()
    {
        byte[] input = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        using var spooling = new SpoolingStream(new MemoryStream(input), new FullAfter(100_000));

        var firstRead = new byte[150_000];
        int read = spooling.ReadAtLeast(firstRead, firstRead.Length);
        var again = new MemoryStream();
        spooling.Rewind().CopyTo(again);

        Assert.Equal(input.AsSpan(0, read).ToArray(), firstRead.AsSpan(0, read).ToArray());
        Assert.Equal(input, again.ToArray());
    }

    /// <summary>
    /// A file system that is full after <paramref name="room"/> bytes: as write(2) does, the
    /// failing write may have stored part of its bytes, and the position stays where it was.
    /// </summary>
    sealed class FullAfter(int room) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Position + count <= room)
            {
                base.Write(buffer, offset, count);
                return;
            }
            long before = Position;
            base.Write(buffer, offset, (int)(room - Position));
            Position = before;
            throw new IOException("No space left on device", 28);
        }

        // MemoryStream's span overload of a derived class goes through the array overload above.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
    }
}
