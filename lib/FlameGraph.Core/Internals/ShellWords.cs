using System.Text;

namespace FlameGraph.Internals;

/// <summary>
/// Splits a command line into words the way a POSIX shell would for a simple command, without
/// running a shell: blanks separate words, 'single quotes' keep everything literally, "double
/// quotes" keep everything but let a backslash escape $ ` " \ and newline, and an unquoted
/// backslash escapes the next character. No expansion of variables, globs or substitutions.
/// And the reverse: an argument list written as one line that splits back into the same words,
/// for messages that show which command ran.
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

    public static List<string> Split(string commandLine)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        int i = 0;
        while (i < commandLine.Length)
        {
            char c = commandLine[i];
            if (c is ' ' or '\t' or '\n')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
                i++;
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                int close = commandLine.IndexOf('\'', i + 1);
                if (close < 0)
                    throw new OptionsException($"unterminated single quote in '{commandLine}'");
                word.Append(commandLine, i + 1, close - i - 1);
                i = close + 1;
            }
            else if (c == '"')
            {
                i++;
                while (true)
                {
                    if (i >= commandLine.Length)
                        throw new OptionsException($"unterminated double quote in '{commandLine}'");
                    char d = commandLine[i];
                    if (d == '"')
                    {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < commandLine.Length && commandLine[i + 1] is '$' or '`' or '"' or '\\' or '\n')
                    {
                        if (commandLine[i + 1] != '\n')
                            word.Append(commandLine[i + 1]);
                        i += 2;
                        continue;
                    }
                    word.Append(d);
                    i++;
                }
            }
            else if (c == '\\')
            {
                if (i + 1 < commandLine.Length && commandLine[i + 1] != '\n')
                    word.Append(commandLine[i + 1]);
                i += 2;
            }
            else
            {
                word.Append(c);
                i++;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
