using System.CommandLine;
using System.Text;
using FlameGraph.Common;

namespace FlameGraph.Wrapper;

/// <summary>One option as a shell completes it.</summary>
/// <param name="Choices">The values it accepts, when they are a fixed list.</param>
/// <param name="IsPath">Its value is a file name.</param>
public sealed record CompletedOption(IReadOnlyList<string> Names, string Description, bool TakesValue, IReadOnlyList<string> Choices, bool IsPath)
{
    public IEnumerable<string> Long => Names.Where(n => n.StartsWith("--", StringComparison.Ordinal));

    public IEnumerable<string> Short => Names.Where(n => n.Length == 2 && n[0] == '-' && n[1] != '-');

    /// <summary>The options of a parsed-command definition, with the value lists and path options named.</summary>
    public static IReadOnlyList<CompletedOption> From(Command command, IReadOnlyDictionary<Option, string[]> choices, IReadOnlySet<Option> paths) =>
        [.. command.Options.Select(o => new CompletedOption(
            [.. o.Aliases.Prepend(o.Name).Where(IsShellName).Distinct().Order(StringComparer.Ordinal)],
            FirstLine(o.Description ?? ""),
            // Flags (bool) and optional values (--root, -z) complete as flags.
            o.Arity.MinimumNumberOfValues > 0,
            choices.TryGetValue(o, out var values) ? values : [],
            paths.Contains(o)))];

    static string FirstLine(string text) => text.Split('\n')[0];

    /// <summary>`-x` and `--name`: not the Windows-style `/?` or the glob-like `-?` aliases of --help.</summary>
    static bool IsShellName(string name) =>
        name.Length >= 2 && name[0] == '-' && (char.IsAsciiLetterOrDigit(name[1]) || (name[1] == '-' && name.Length > 2));
}

/// <summary>
/// `--completions SHELL`: a completion script for the command, made from its own option list so
/// it never drifts from the code. After `--` the shells complete the workload as a command.
/// </summary>
public static class CompletionScripts
{
    public static readonly string[] Shells = ["bash", "elvish", "fish", "powershell", "zsh"];

    public static string For(string shell, string program, IReadOnlyList<CompletedOption> options) => shell switch
    {
        "bash" => Bash(program, options),
        "zsh" => Zsh(program, options),
        "fish" => Fish(program, options),
        "powershell" => PowerShell(program, options),
        "elvish" => Elvish(program, options),
        _ => throw new UsageException($"--completions takes one of {string.Join(", ", Shells)}, not '{shell}'"),
    };

    static string Bash(string program, IReadOnlyList<CompletedOption> options)
    {
        string function = "_" + program.Replace('-', '_');
        var s = new StringBuilder();
        s.Append($"# bash completion for {program}: source it, or save it as ~/.local/share/bash-completion/completions/{program}\n");
        s.Append($"{function}() {{\n");
        s.Append("    local cur prev i\n");
        s.Append("    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n");
        s.Append("    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n");
        s.Append("    for ((i = 1; i < COMP_CWORD; i++)); do\n");
        s.Append("        if [[ \"${COMP_WORDS[i]}\" == -- ]]; then\n");
        s.Append("            if ((i == COMP_CWORD - 1)); then COMPREPLY=($(compgen -c -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n");
        s.Append("            return 0\n");
        s.Append("        fi\n");
        s.Append("    done\n");
        s.Append("    case \"$prev\" in\n");
        foreach (var o in options.Where(o => o.TakesValue))
        {
            string reply = o.Choices.Count > 0 ? $"COMPREPLY=($(compgen -W {ShSingle(string.Join(' ', o.Choices))} -- \"$cur\"))"
                : o.IsPath ? "COMPREPLY=($(compgen -f -- \"$cur\"))"
                : "COMPREPLY=()";
            s.Append($"        {string.Join('|', o.Names)})\n            {reply}\n            return 0 ;;\n");
        }
        s.Append("    esac\n");
        var all = options.SelectMany(o => o.Names).Append("--");
        s.Append($"    COMPREPLY=($(compgen -W {ShSingle(string.Join(' ', all))} -- \"$cur\"))\n");
        s.Append("}\n");
        s.Append($"complete -F {function} -o bashdefault -o default {program}\n");
        return s.ToString();
    }

    static string Zsh(string program, IReadOnlyList<CompletedOption> options)
    {
        var s = new StringBuilder();
        s.Append($"#compdef {program}\n");
        s.Append($"# zsh completion for {program}: save it as _{program} in a directory of $fpath\n");
        string function = program.Replace('-', '_');
        s.Append($"_{function}() {{\n");
        s.Append("    _arguments -s -S \\\n");
        foreach (var o in options)
        {
            string description = ZshBracket(o.Description);
            string value = !o.TakesValue ? ""
                : o.Choices.Count > 0 ? $":value:({string.Join(' ', o.Choices)})"
                : o.IsPath ? ":file:_files"
                : ":value:";
            string exclusive = o.Names.Count > 1 ? $"({string.Join(' ', o.Names)})" : "";
            foreach (string name in o.Names)
            {
                string spelling = o.TakesValue && name.StartsWith("--", StringComparison.Ordinal) ? name + "=" : name;
                s.Append($"        {ShSingle($"{exclusive}{spelling}[{description}]{value}")} \\\n");
            }
        }
        s.Append("        '*::command:_normal'\n");
        s.Append("}\n");
        // Autoloaded from $fpath the file is the function itself; sourced, it registers the function.
        s.Append($"if [ \"$funcstack[1]\" = \"_{function}\" ]; then\n    _{function} \"$@\"\nelse\n    compdef _{function} {program}\nfi\n");
        return s.ToString();
    }

    static string Fish(string program, IReadOnlyList<CompletedOption> options)
    {
        var s = new StringBuilder();
        s.Append($"# fish completion for {program}: save it as ~/.config/fish/completions/{program}.fish\n");
        s.Append($"complete -c {program} -f\n");
        foreach (var o in options)
        {
            s.Append($"complete -c {program}");
            foreach (string name in o.Short)
                s.Append($" -s {name[1..]}");
            foreach (string name in o.Long)
                s.Append($" -l {name[2..]}");
            if (o.TakesValue)
                s.Append(o.Choices.Count > 0 ? $" -x -a {ShSingle(string.Join(' ', o.Choices))}" : o.IsPath ? " -r -F" : " -x");
            s.Append($" -d {ShSingle(o.Description)}\n");
        }
        s.Append($"complete -c {program} -n '__fish_seen_subcommand_from --' -a '(__fish_complete_subcommand --fcs-skip=1)'\n");
        return s.ToString();
    }

    static string PowerShell(string program, IReadOnlyList<CompletedOption> options)
    {
        var s = new StringBuilder();
        s.Append($"# PowerShell completion for {program}: dot-source it from your $PROFILE\n");
        s.Append($"Register-ArgumentCompleter -Native -CommandName '{program}' -ScriptBlock {{\n");
        s.Append("    param($wordToComplete, $commandAst, $cursorPosition)\n");
        s.Append("    $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })\n");
        s.Append("    $previous = if ($wordToComplete) { $words[-2] } else { $words[-1] }\n");
        s.Append("    $values = switch ($previous) {\n");
        foreach (var o in options.Where(o => o.Choices.Count > 0))
            foreach (string name in o.Names)
                s.Append($"        '{name}' {{ @({string.Join(", ", o.Choices.Select(c => $"'{c}'"))}) }}\n");
        s.Append("        default { $null }\n");
        s.Append("    }\n");
        s.Append("    if ($null -ne $values) {\n");
        s.Append("        $values | Where-Object { $_ -like \"$wordToComplete*\" } | ForEach-Object {\n");
        s.Append("            [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)\n");
        s.Append("        }\n");
        s.Append("        return\n");
        s.Append("    }\n");
        s.Append("    @(\n");
        foreach (var o in options)
            foreach (string name in o.Names)
                s.Append($"        @('{name}', '{PsSingle(o.Description)}')\n");
        s.Append("    ) | Where-Object { $_[0] -like \"$wordToComplete*\" } | ForEach-Object {\n");
        s.Append("        [System.Management.Automation.CompletionResult]::new($_[0], $_[0], 'ParameterName', $_[1])\n");
        s.Append("    }\n");
        s.Append("}\n");
        return s.ToString();
    }

    static string Elvish(string program, IReadOnlyList<CompletedOption> options)
    {
        var s = new StringBuilder();
        s.Append($"# elvish completion for {program}: eval it from ~/.config/elvish/rc.elv\n");
        s.Append($"set edit:completion:arg-completer[{program}] = {{|@words|\n");
        s.Append("    var previous = $words[-2]\n");
        foreach (var o in options.Where(o => o.Choices.Count > 0))
        {
            string test = o.Names.Count == 1 ? $"(eq $previous {o.Names[0]})"
                : $"(or {string.Join(' ', o.Names.Select(n => $"(eq $previous {n})"))})";
            s.Append($"    if {test} {{\n        put {string.Join(' ', o.Choices)}\n        return\n    }}\n");
        }
        foreach (var o in options)
            foreach (string name in o.Names)
                s.Append($"    edit:complex-candidate {name} &display={ElvishSingle($"{name} ({o.Description})")}\n");
        s.Append("}\n");
        return s.ToString();
    }

    /// <summary>Single-quoted for sh, zsh and fish: a quote inside becomes '\''.</summary>
    static string ShSingle(string text) => "'" + text.Replace("'", "'\\''") + "'";

    static string ElvishSingle(string text) => "'" + text.Replace("'", "''") + "'";

    static string PsSingle(string text) => text.Replace("'", "''");

    /// <summary>zsh's _arguments descriptions end at ']' and treat ':' specially.</summary>
    static string ZshBracket(string text) => text.Replace("\\", "\\\\").Replace("[", "\\[").Replace("]", "\\]").Replace(":", "\\:");
}
