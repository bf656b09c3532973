using System.CommandLine;

namespace FlameGraph.Cli;

/// <summary>
/// Accepts the option spellings Perl's Getopt::Long accepts, so scripts written for the Perl
/// tools work unchanged: `-title x` as well as `--title x`, `--title=x`, and any unambiguous
/// prefix (`--inv` for `--inverted`). Each argument is rewritten to the canonical name the
/// command declares; anything not recognised is left as it is for the parser to report.
/// </summary>
public static class PerlOptionSpelling
{
    public static string[] Normalize(Command command, IReadOnlyList<string> args) => Normalize(command, args, out _);

    /// <summary>
    /// As <see cref="Normalize(Command, IReadOnlyList{string})"/>, and names the first argument that
    /// looks like an option but is none of the command's (null when there is none). The parser would
    /// otherwise take it for a file name and fail with "cannot open '--titel'".
    /// </summary>
    public static string[] Normalize(Command command, IReadOnlyList<string> args, out string? unknownOption)
    {
        unknownOption = null;
        var byToken = new Dictionary<string, Option>(StringComparer.Ordinal);
        var byBareName = new Dictionary<string, Option>(StringComparer.Ordinal);
        foreach (var option in command.Options)
        {
            foreach (var token in option.Aliases.Prepend(option.Name))
            {
                byToken[token] = option;
                string bare = token.TrimStart('-');
                if (bare.Length > 1)
                    byBareName[bare] = option;
            }
        }

        var result = new List<string>(args.Count);
        bool valueExpected = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (valueExpected)
            {
                result.Add(arg);
                valueExpected = false;
                continue;
            }
            if (arg == "--")
            {
                for (; i < args.Count; i++)
                    result.Add(args[i]);
                break;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                result.Add(arg);
                continue;
            }

            int eq = arg.IndexOf('=');
            string spelled = eq < 0 ? arg : arg[..eq];
            Option? option = byToken.GetValueOrDefault(spelled) ?? FindByBareName(byBareName, spelled.TrimStart('-'));
            if (option is null)
            {
                if (unknownOption is null && !IsShortAliasForm(byToken, arg))
                    unknownOption = spelled;
                result.Add(arg);
                continue;
            }
            if (eq == arg.Length - 1 && TakesValue(option))
            {
                // `--opt=` gives the option an empty value; the parser would take the next argument.
                result.Add(option.Name);
                result.Add("");
                continue;
            }
            result.Add(eq < 0 ? option.Name : option.Name + "=" + arg[(eq + 1)..]);
            valueExpected = eq < 0 && TakesValue(option);
        }
        return [.. result];
    }

    static Option? FindByBareName(Dictionary<string, Option> byBareName, string bare)
    {
        if (bare.Length == 0)
            return null;
        if (byBareName.TryGetValue(bare, out var exact))
            return exact;
        Option? found = null;
        foreach (var (name, option) in byBareName)
        {
            if (!name.StartsWith(bare, StringComparison.Ordinal))
                continue;
            if (found is not null && !ReferenceEquals(found, option))
                return null; // ambiguous: let the parser say the option is unknown
            found = option;
        }
        return found;
    }

    /// <summary>
    /// `-ns` (bundled one-letter flags) and `-n4` / `-z3` (a one-letter option with its value attached)
    /// are POSIX forms the parser understands itself.
    /// </summary>
    static bool IsShortAliasForm(Dictionary<string, Option> byToken, string arg)
    {
        if (arg.Length < 3 || arg[1] == '-')
            return false;
        if (byToken.TryGetValue(arg[..2], out var first) && TakesValue(first))
            return true;
        for (int i = 1; i < arg.Length; i++)
            if (!byToken.TryGetValue("-" + arg[i], out var flag) || flag.ValueType != typeof(bool))
                return false;
        return true;
    }

    static bool TakesValue(Option option) =>
        option.ValueType != typeof(bool) && option.Arity.MinimumNumberOfValues > 0;
}
