using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Svg;

/// <summary>
/// Per-function attributes from a --nameattr file: one line per function,
/// `name&lt;TAB&gt;attr=value&lt;TAB&gt;attr=value...`. `title` replaces the tooltip, `href` (with
/// `target`, default `_top`) makes the frame a link, `id` and `class` are set on the element,
/// `g_extra` and `a_extra` are raw attribute text.
/// </summary>
public sealed class NameAttributes
{
    readonly Dictionary<byte[], Dictionary<string, string>> _byName = new(ByteArrayComparer.Instance);
    readonly Dictionary<byte[], Dictionary<string, string>>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    NameAttributes() => _lookup = _byName.GetAlternateLookup<ReadOnlySpan<byte>>();

    public Dictionary<string, string>? Find(ReadOnlySpan<byte> name) =>
        _lookup.TryGetValue(name, out var attributes) ? attributes : null;

    public static NameAttributes Read(string path)
    {
        var result = new NameAttributes();
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StageException($"cannot read '{path}': {IoError.OpenReason(path, e)}");
        }
        int lineNumber = 0;
        var rest = content.AsSpan();
        while (!rest.IsEmpty)
        {
            lineNumber++;
            int nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            rest = nl < 0 ? default : rest[(nl + 1)..];
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            if (line.IsEmpty)
                continue;
            int tab = line.IndexOf((byte)'\t');
            if (tab < 0)
                throw new StageException($"{path}:{lineNumber}: invalid format: expected name<TAB>attr=value");
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in Encoding.UTF8.GetString(line[(tab + 1)..]).Split('\t'))
            {
                int eq = field.IndexOf('=');
                if (eq > 0)
                    attributes[field[..eq]] = field[(eq + 1)..];
            }
            result._byName[line[..tab].ToArray()] = attributes;
        }
        return result;
    }
}
