namespace FlameGraph.Common;

/// <summary>
/// Writes an argument list as one line a POSIX shell would split back into the same
/// arguments, for messages that show which command ran.
/// </summary>
public static class ShellWords
{
    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    public static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(IsPlain))
            return argument;
        return "'" + argument.Replace("'", "'\\''") + "'";
    }

    static bool IsPlain(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',' or '=' or ':' or '+' or '@' or '%';
}
