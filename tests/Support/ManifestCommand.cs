using System.Text;

namespace FlameGraph.Tests.Support;

/// <summary>
/// The command line a reference output was made with (MANIFEST.tsv's `command` column), split
/// as a POSIX shell would split it, up to the first redirection or pipe. Conformance tests run
/// our tool with exactly these arguments: the literal meaning of "drop-in".
/// </summary>
public sealed record ManifestCommand(string Program, IReadOnlyList<string> Arguments)
{
    public static ManifestCommand Parse(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < command.Length; i++)
        {
            char c = command[i];
            if (c == '\'')
            {
                int end = command.IndexOf('\'', i + 1);
                word.Append(command, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == '"')
            {
                for (i++; command[i] != '"'; i++)
                {
                    if (command[i] == '\\' && "\"\\$`".Contains(command[i + 1]))
                        i++;
                    word.Append(command[i]);
                }
                inWord = true;
            }
            else if (c == '\\' && i + 1 < command.Length)
            {
                word.Append(command[++i]);
                inWord = true;
            }
            else if (c is ' ' or '\t')
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else if (c is '>' or '|' or '<' && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return new ManifestCommand(words[0], words.Skip(1).ToList());
    }
}
