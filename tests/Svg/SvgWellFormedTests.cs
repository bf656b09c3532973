using System.Text;
using System.Xml;
using CsCheck;
using FlameGraph.Internals;
using FlameGraph.Svg;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Svg;

/// <summary>
/// Whatever bytes the names hold, and whatever text the options carry, fg-svg writes a document
/// an XML parser accepts: valid UTF-8, only characters XML 1.0 allows. What cannot be written is
/// replaced by U+FFFD (flamegraph.pl passes such bytes through, giving a document browsers refuse).
/// </summary>
public class SvgWellFormedTests
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Throws unless <paramref name="svg"/> is UTF-8 and well-formed XML.</summary>
    static void AssertWellFormed(byte[] svg)
    {
        string text = StrictUtf8.GetString(svg);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        while (reader.Read())
        {
        }
    }

    [Fact]
    public void A_name_that_is_not_utf8_is_drawn_with_a_replacement_character()
    {
        byte[] input = [.. "a;k0"u8, 0xF9, .. "b 1\n"u8];
        var result = ToolProcess.Run("fg-svg", [], input);

        Assert.Equal(0, result.ExitCode);
        AssertWellFormed(result.Stdout);
        Assert.Contains("<title>k0\uFFFDb (1 samples, 100.00%)</title>", result.StdoutText);
    }

    // Pieces names are made of: single bytes of any value, and sequences that are (or look like)
    // UTF-8 characters XML refuses or accepts: U+FFFE, U+FFFF, an encoded surrogate, an overlong
    // '/', a code point above U+10FFFF, cut sequences, and plain accented and wide characters.
    static readonly byte[][] Pieces =
    [
        [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80],
        [0xE2, 0x82], [0xF0, 0x9F, 0x94], [0xC3, 0xA9], [0xE6, 0x97, 0xA5], [0xF0, 0x9F, 0x94, 0xA5],
        "&"u8.ToArray(), "<"u8.ToArray(), ">"u8.ToArray(), "\""u8.ToArray(), "]]>"u8.ToArray(), "--"u8.ToArray(),
        ";"u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(), "\r"u8.ToArray(),
    ];

    static readonly Gen<byte[]> Name =
        Gen.OneOf(Gen.Byte.Where(b => b != '\n').Select(b => new[] { b }), Gen.OneOf(Pieces))
            .Array[0, 8].Select(parts => parts.SelectMany(p => p).ToArray());

    static readonly Gen<byte[]> Line =
        Gen.Select(Name.Array[1, 4], Gen.Int[0, 500], Gen.Int[-1, 500], (frames, count, before) =>
        {
            var line = new List<byte>();
            for (int i = 0; i < frames.Length; i++)
            {
                if (i > 0)
                    line.Add((byte)';');
                line.AddRange(frames[i]);
            }
            line.AddRange(Encoding.ASCII.GetBytes(before >= 0 ? $" {before} {count}\n" : $" {count}\n"));
            return line.ToArray();
        });

    // Any UTF-16 text, lone surrogates and control characters included, often with dashes (notes
    // go in an XML comment).
    static readonly Gen<string> Text =
        Gen.OneOf(Gen.Char, Gen.Const('-'), Gen.Char[(char)0, (char)0x20], Gen.Char['\uD800', '\uDFFF'], Gen.OneOf('\uFFFE', '\uFFFF'))
            .Array[0, 10].Select(chars => new string(chars));

    [Fact]
    public void Any_bytes_in_names_and_any_text_in_options_give_well_formed_xml()
    {
        var cases = Gen.Select(Line.Array[1, 5], Text, Text, Text, Gen.Bool, Gen.Bool, Gen.Int[40, 1200]);
        var pcg = PCG.Parse("1xn1HwIbwfUS");
        for (int i = 0; i < 1000; i++)
        {
            var (lines, title, subtitle, notes, reverse, flameChart, width) = cases.Generate(pcg, null, out _);
            byte[] input = lines.SelectMany(l => l).ToArray();
            var options = new SvgOptions
            {
                Title = title.Length > 0 ? title : null,
                Subtitle = subtitle,
                Notes = notes.Replace("<", "").Replace(">", ""), // the tool refuses those in notes
                CountName = title,
                NameType = subtitle,
                Reverse = reverse,
                FlameChart = flameChart,
                ImageWidth = width,
                MinWidth = 0,
            };
            using var memory = new MemoryStream();
            var output = new ByteWriter(memory);
            new FlameGraphRenderer(options).Run(["input"], output, _ => new MemoryStream(input));
            output.Flush();
            try
            {
                AssertWellFormed(memory.ToArray());
            }
            catch (Exception e) when (e is XmlException or DecoderFallbackException)
            {
                Assert.Fail($"case {i}: {e.Message}\ninput: {Convert.ToHexString(input)}\ntitle: {Escaped(title)}\n"
                    + $"subtitle: {Escaped(subtitle)}\nnotes: {Escaped(options.Notes)}\nreverse: {reverse}, flamechart: {flameChart}, width: {width}");
            }
        }
    }

    static string Escaped(string text) => string.Concat(text.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}"));
}
