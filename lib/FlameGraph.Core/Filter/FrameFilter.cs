using System.Text;
using System.Text.RegularExpressions;

namespace FlameGraph.Filter;

/// <summary>
/// --include / --exclude: a stack is kept when some frame matches an include pattern (or there
/// are none) and no frame matches an exclude pattern. Patterns are .NET regular expressions
/// matched against each frame on its own, so `^main$` means a frame named exactly main.
/// </summary>
public sealed class FrameFilter
{
    readonly Regex[] _include;
    readonly Regex[] _exclude;
    char[] _chars = new char[256];

    public FrameFilter(IEnumerable<string> include, IEnumerable<string> exclude)
    {
        _include = [.. include.Select(p => Compile(p, "--include"))];
        _exclude = [.. exclude.Select(p => Compile(p, "--exclude"))];
    }

    public bool IsActive => _include.Length > 0 || _exclude.Length > 0;

    public bool Keeps(ReadOnlySpan<byte> stack)
    {
        try
        {
            return KeepsFrames(stack);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new StageException($"regular expression '{e.Pattern}' took too long on a frame; simplify it");
        }
    }

    bool KeepsFrames(ReadOnlySpan<byte> stack)
    {
        int max = Encoding.UTF8.GetMaxCharCount(stack.Length);
        if (_chars.Length < max)
            _chars = new char[max * 2];
        int length = Encoding.UTF8.GetChars(stack, _chars);
        ReadOnlySpan<char> text = _chars.AsSpan(0, length);

        bool included = _include.Length == 0;
        while (true)
        {
            int semi = text.IndexOf(';');
            var frame = semi < 0 ? text : text[..semi];
            foreach (var regex in _exclude)
                if (regex.IsMatch(frame))
                    return false;
            if (!included)
                foreach (var regex in _include)
                    if (regex.IsMatch(frame))
                    {
                        included = true;
                        break;
                    }
            if (semi < 0)
                break;
            text = text[(semi + 1)..];
        }
        return included;
    }

    /// <summary>
    /// NonBacktracking keeps matching linear in the frame's length; patterns it cannot run
    /// (backreferences, lookarounds) fall back to the backtracking engine with a time limit.
    /// </summary>
    static Regex Compile(string pattern, string option)
    {
        try
        {
            try
            {
                return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (NotSupportedException)
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
            }
        }
        catch (RegexParseException e)
        {
            // The message itself is not available in a trimmed build; the error kind and offset are.
            throw new OptionsException($"{option} '{pattern}': invalid regular expression ({e.Error} at offset {e.Offset})");
        }
    }
}
