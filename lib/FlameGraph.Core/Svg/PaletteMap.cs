using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// The consistent palette (--cp): `name-&gt;rgb(r,g,b)` lines in ./palette.map. Known names keep
/// their colour; new names get one from the palette and are added; the file is rewritten
/// sorted by name after the graph is written.
/// </summary>
public sealed class PaletteMap
{
    readonly Dictionary<byte[], byte[]> _colors = new(ByteArrayComparer.Instance);
    readonly Dictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public PaletteMap() => _lookup = _colors.GetAlternateLookup<ReadOnlySpan<byte>>();

    public static PaletteMap Load(string path)
    {
        var map = new PaletteMap();
        if (!File.Exists(path))
            return map;
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StageException($"cannot open '{path}': {IoError.OpenReason(path, e)}");
        }
        var rest = content.AsSpan();
        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            rest = nl < 0 ? default : rest[(nl + 1)..];
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            // Like flamegraph.pl: the text before the first "->" is the name, the text up to the next "->" the colour.
            int arrow = line.IndexOf("->"u8);
            var name = arrow < 0 ? line : line[..arrow];
            var color = arrow < 0 ? default : line[(arrow + 2)..];
            int second = color.IndexOf("->"u8);
            if (second >= 0)
                color = color[..second];
            map._colors[name.ToArray()] = color.ToArray();
        }
        return map;
    }

    public bool TryGet(ReadOnlySpan<byte> name, out byte[] color) => _lookup.TryGetValue(name, out color!);

    public void Add(ReadOnlySpan<byte> name, byte[] color) => _lookup[name] = color;

    public void Save(string path)
    {
        var names = _colors.Keys.ToArray();
        Array.Sort(names, ByteArrayComparer.Instance);
        using var output = new ByteWriter(OutputFile.Create(path));
        foreach (var name in names)
        {
            output.Write(name);
            output.Write("->"u8);
            output.Write(_colors[name]);
            output.Write((byte)'\n');
        }
    }
}
