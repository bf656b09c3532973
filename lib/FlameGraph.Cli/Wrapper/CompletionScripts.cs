using System.CommandLine;
using System.Text;

namespace FlameGraph.Cli;

/// <summary>One option as a shell completes it.</summary>
/// <param name="Choices">The values it accepts, when they are a fixed list.</param>
/// <param name="IsPath">Its value is a file name.</param>
public sealed record CompletedOption(IReadOnlyList<string> Names, string Description, bool TakesValue, IReadOnlyList<string> Choices, bool IsPath)
{
    /// <summary>
    /// Its values are the names of this kind that <see cref="CompletedCommand.NamesCommand"/> prints
    /// (cargo target names, say). Default: null (no such list).
    /// </summary>
    public string? NamesOfKind { get; init; }

    public IEnumerable<string> Long => Names.Where(n => n.StartsWith("--", StringComparison.Ordinal));

    public IEnumerable<string> Short => Names.Where(n => n.Length == 2 && n[0] == '-' && n[1] != '-');

    /// <summary>The options of a parsed-command definition, with the value lists, path options and named-value kinds given.</summary>
    public static IReadOnlyList<CompletedOption> From(Command command, IReadOnlyDictionary<Option, string[]> choices, IReadOnlySet<Option> paths,
        IReadOnlyDictionary<Option, string>? namesOfKind = null) =>
        [.. command.Options.Select(o => new CompletedOption(
            [.. o.Aliases.Prepend(o.Name).Where(IsShellName).Distinct().Order(StringComparer.Ordinal)],
            FirstLine(o.Description ?? ""),
            // Flags (bool) and optional values (--root, -z) complete as flags.
            o.Arity.MinimumNumberOfValues > 0,
            choices.TryGetValue(o, out var values) ? values : [],
            paths.Contains(o))
        {
            NamesOfKind = namesOfKind is not null && namesOfKind.TryGetValue(o, out var kind) ? kind : null,
        })];

    static string FirstLine(string text) => text.Split('\n')[0];

    /// <summary>`-x` and `--name`: not the Windows-style `/?` or the glob-like `-?` aliases of --help.</summary>
    static bool IsShellName(string name) =>
        name.Length >= 2 && name[0] == '-' && (char.IsAsciiLetterOrDigit(name[1]) || (name[1] == '-' && name.Length > 2));
}

/// <summary>A command as its completion script sees it: its options, and how it is typed.</summary>
public sealed record CompletedCommand(string Program, IReadOnlyList<CompletedOption> Options)
{
    /// <summary>
    /// For a plugin that users run as a subcommand of another program (`cargo-flamegraph` as
    /// `cargo flamegraph`): that program. The scripts then complete `HOST SUBCOMMAND ...` too and
    /// leave the host's other subcommands to the host's own completion. Default: null.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>The word after <see cref="Host"/> that runs <see cref="Program"/>. Default: null.</summary>
    public string? Subcommand { get; init; }

    /// <summary>Words after `--` are a command to run (flamegraph); false: arguments of the profiled program (files). Default: true.</summary>
    public bool TrailingIsCommand { get; init; } = true;

    /// <summary>
    /// A pipeline, valid in sh, bash, zsh and fish alike, that prints `KIND NAME` lines for
    /// <see cref="CompletedOption.NamesOfKind"/>; it must stay fast and print nothing on errors. Default: null.
    /// </summary>
    public string? NamesCommand { get; init; }
}

/// <summary>
/// `--completions SHELL`: a completion script for the command, made from its own option list so
/// it never drifts from the code. After `--` the shells complete the workload as a command.
/// </summary>
public static class CompletionScripts
{
    public static readonly string[] Shells = ["bash", "elvish", "fish", "powershell", "zsh"];

    public static string For(string shell, string program, IReadOnlyList<CompletedOption> options) =>
        For(shell, new CompletedCommand(program, options));

    public static string For(string shell, CompletedCommand command) => shell switch
    {
        "bash" => Bash(command),
        "zsh" => Zsh(command),
        "fish" => Fish(command),
        "powershell" => PowerShell(command.Program, command.Options),
        "elvish" => Elvish(command.Program, command.Options),
        _ => throw new OptionsException($"--completions takes one of {string.Join(", ", Shells)}, not '{shell}'"),
    };

    /// <summary>The shell function that prints the names of one kind (its first argument), named after the program.</summary>
    static string NamesFunction(CompletedCommand command) => "_" + command.Program.Replace('-', '_') + "_names";

    /// <summary>The call that prints the names <paramref name="option"/> takes, or null when it takes no such names.</summary>
    static string? NamesCall(CompletedCommand command, CompletedOption option) =>
        option.NamesOfKind is { } kind && command.NamesCommand is not null ? $"{NamesFunction(command)} {kind}" : null;

    /// <summary>Defines <see cref="NamesFunction"/> in bash or zsh syntax, when the command has names to complete.</summary>
    static void AppendPosixNamesFunction(StringBuilder s, CompletedCommand command)
    {
        if (command.NamesCommand is { } names)
            s.Append($"{NamesFunction(command)}() {{\n    {names} | awk -v kind=\"$1\" '$1 == kind {{ print $2 }}'\n}}\n");
    }

    static string Bash(CompletedCommand command)
    {
        string program = command.Program;
        string function = "_" + program.Replace('-', '_');
        var s = new StringBuilder();
        s.Append($"# bash completion for {program}: source it, or save it as ~/.local/share/bash-completion/completions/{program}\n");
        if (command.Host is { } hostName)
            s.Append($"# It completes `{hostName} {command.Subcommand} ...` too; {hostName}'s own completion keeps its other subcommands.\n");
        AppendPosixNamesFunction(s, command);

        // The options from word $1 on: after the program's name, or after `HOST SUBCOMMAND`.
        s.Append($"{function}_from() {{\n");
        s.Append("    local cur prev i\n");
        s.Append("    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n");
        s.Append("    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n");
        s.Append("    for ((i = $1; i < COMP_CWORD; i++)); do\n");
        s.Append("        if [[ \"${COMP_WORDS[i]}\" == -- ]]; then\n");
        if (command.TrailingIsCommand)
            s.Append("            if ((i == COMP_CWORD - 1)); then COMPREPLY=($(compgen -c -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n");
        else
            s.Append("            COMPREPLY=($(compgen -f -- \"$cur\"))\n");
        s.Append("            return 0\n");
        s.Append("        fi\n");
        s.Append("    done\n");
        s.Append("    case \"$prev\" in\n");
        foreach (var o in command.Options.Where(o => o.TakesValue))
        {
            string reply = o.Choices.Count > 0 ? $"COMPREPLY=($(compgen -W {ShSingle(string.Join(' ', o.Choices))} -- \"$cur\"))"
                : NamesCall(command, o) is { } call ? $"COMPREPLY=($(compgen -W \"$({call})\" -- \"$cur\"))"
                : o.IsPath ? "COMPREPLY=($(compgen -f -- \"$cur\"))"
                : "COMPREPLY=()";
            s.Append($"        {string.Join('|', o.Names)})\n            {reply}\n            return 0 ;;\n");
        }
        s.Append("    esac\n");
        var all = command.Options.SelectMany(o => o.Names).Append("--");
        s.Append($"    COMPREPLY=($(compgen -W {ShSingle(string.Join(' ', all))} -- \"$cur\"))\n");
        s.Append("}\n");

        s.Append($"{function}() {{\n");
        if (command.Subcommand is { } sub)
        {
            s.Append($"    # {command.Host} runs it as `{program} {sub} ...`, and the word may be typed that way too.\n");
            s.Append($"    if ((COMP_CWORD > 1)) && [[ \"${{COMP_WORDS[1]}}\" == {sub} ]]; then {function}_from 2; else {function}_from 1; fi\n");
        }
        else
            s.Append($"    {function}_from 1\n");
        s.Append("}\n");
        s.Append($"complete -F {function} -o bashdefault -o default {program}\n");
        if (command.Host is { } host)
            AppendBashHost(s, function, host, command.Subcommand!);
        return s.ToString();
    }

    /// <summary>
    /// Registers for the host program (`cargo`) without taking its completion away: `HOST SUB ...`
    /// completes our options; anything else goes to the host's own completion function, found in
    /// the registration we replace or, when bash-completion loads completions lazily and has not
    /// loaded the host's yet, by loading it on the first TAB that needs it.
    /// </summary>
    static void AppendBashHost(StringBuilder s, string function, string host, string sub)
    {
        string own = $"{function}_{host}_own", wrapper = $"{function}_{host}", found = $"{function}_{host}_function";
        s.Append($"# Takes {host}'s registration over, keeping its options; its function then completes every other subcommand.\n");
        s.Append($"{function}_take_over() {{\n");
        s.Append("    local spec\n");
        s.Append($"    if spec=$(complete -p {host} 2>/dev/null) && [[ $spec =~ -F\\ ([^ ]+) ]]; then\n");
        s.Append($"        [[ ${{BASH_REMATCH[1]}} == {wrapper} ]] && return 0\n");
        s.Append($"        {found}=${{BASH_REMATCH[1]}}\n");
        s.Append($"        eval \"${{spec/-F ${found} /-F {wrapper} }}\"\n");
        s.Append("    else\n");
        s.Append($"        complete -F {wrapper} -o bashdefault -o default {host}\n");
        s.Append("    fi\n");
        s.Append("}\n");
        s.Append($"{own}() {{\n");
        s.Append($"    if [[ -z ${{{found}-}} ]]; then\n");
        s.Append($"        # Not loaded when this script was: bash-completion loads completions on first use.\n");
        s.Append($"        complete -r {host} 2>/dev/null\n");
        s.Append($"        if declare -F _comp_load >/dev/null; then _comp_load {host}\n");
        s.Append($"        elif declare -F __load_completion >/dev/null; then __load_completion {host}\n");
        s.Append("        fi\n");
        s.Append($"        {function}_take_over\n");
        s.Append($"        : \"${{{found}:=:}}\"\n");
        s.Append("    fi\n");
        s.Append($"    [[ ${found} == : ]] || \"${found}\" \"$@\"\n");
        s.Append("}\n");
        s.Append($"{wrapper}() {{\n");
        s.Append("    local i\n");
        s.Append("    for ((i = 1; i < COMP_CWORD; i++)); do\n");
        s.Append("        case \"${COMP_WORDS[i]}\" in\n");
        s.Append($"            {sub}) {function}_from $((i + 1)); return 0 ;;\n");
        s.Append("            [-+]*) ;;\n");
        s.Append("            *) break ;;\n");
        s.Append("        esac\n");
        s.Append("    done\n");
        s.Append($"    {own} \"$@\"\n");
        s.Append("}\n");
        s.Append($"{function}_take_over\n");
    }

    static string Zsh(CompletedCommand command)
    {
        string program = command.Program;
        var s = new StringBuilder();
        s.Append($"#compdef {program}\n");
        s.Append($"# zsh completion for {program}: save it as _{program} in a directory of $fpath\n");
        if (command.Host is { } hostName)
            s.Append($"# `{hostName} {command.Subcommand} ...` completes too where {hostName}'s completion calls _{hostName}-SUBCOMMAND (rustup's does).\n");
        string function = "_" + program.Replace('-', '_');
        AppendPosixNamesFunction(s, command);
        s.Append($"{function}() {{\n");
        s.Append("    _arguments -s -S \\\n");
        foreach (var o in command.Options)
        {
            string description = ZshBracket(o.Description);
            string value = !o.TakesValue ? ""
                : o.Choices.Count > 0 ? $":value:({string.Join(' ', o.Choices)})"
                : NamesCall(command, o) is { } call ? $":name:{{compadd -- ${{(f)\"$({call})\"}}}}"
                : o.IsPath ? ":file:_files"
                : ":value:";
            string exclusive = o.Names.Count > 1 ? $"({string.Join(' ', o.Names)})" : "";
            foreach (string name in o.Names)
            {
                string spelling = o.TakesValue && name.StartsWith("--", StringComparison.Ordinal) ? name + "=" : name;
                s.Append($"        {ShSingle($"{exclusive}{spelling}[{description}]{value}")} \\\n");
            }
        }
        s.Append(command.TrailingIsCommand ? "        '*::command:_normal'\n" : "        '*::argument:_files'\n");
        s.Append("}\n");
        // Autoloaded from $fpath the file is the function itself; sourced, it registers the function.
        s.Append($"if [ \"$funcstack[1]\" = \"_{program}\" ]; then\n    {function} \"$@\"\nelse\n    compdef {function} {program}\n");
        if (command.Host is { } host)
            s.Append($"    _{host}-{command.Subcommand}() {{ {function} \"$@\"; }}\n");
        s.Append("fi\n");
        return s.ToString();
    }

    static string Fish(CompletedCommand command)
    {
        string program = command.Program;
        // Each completion is given for the program and, when it is a plugin, for `HOST SUBCOMMAND`.
        string hostCondition = $"__fish_seen_subcommand_from {command.Subcommand}";
        var s = new StringBuilder();
        void Line(string arguments, string? condition = null)
        {
            s.Append($"complete -c {program}{(condition is null ? "" : $" -n {ShSingle(condition)}")} {arguments}\n");
            if (command.Host is { } host)
                s.Append($"complete -c {host} -n {ShSingle(condition is null ? hostCondition : $"{hostCondition}; and {condition}")} {arguments}\n");
        }
        s.Append($"# fish completion for {program}: save it as ~/.config/fish/completions/{program}.fish\n");
        if (command.Host is { } hostName)
            s.Append($"# For `{hostName} {command.Subcommand} ...` as well, save it as ~/.config/fish/conf.d/{program}.fish instead.\n");
        if (command.NamesCommand is { } names)
            s.Append($"function {NamesFunction(command)}\n    {names} | awk -v kind=$argv[1] '$1 == kind {{ print $2 }}'\nend\n");
        Line("-f");
        foreach (var o in command.Options)
        {
            var line = new StringBuilder();
            foreach (string name in o.Short)
                line.Append($"-s {name[1..]} ");
            foreach (string name in o.Long)
                line.Append($"-l {name[2..]} ");
            if (o.TakesValue)
                line.Append(o.Choices.Count > 0 ? $"-x -a {ShSingle(string.Join(' ', o.Choices))} "
                    : NamesCall(command, o) is { } call ? $"-x -a {ShSingle($"({call})")} "
                    : o.IsPath ? "-r -F " : "-x ");
            line.Append($"-d {ShSingle(o.Description)}");
            Line(line.ToString());
        }
        if (command.TrailingIsCommand)
            Line("-a '(__fish_complete_subcommand --fcs-skip=1)'", "__fish_seen_subcommand_from --");
        else
            Line("-F", "__fish_seen_subcommand_from --");
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
