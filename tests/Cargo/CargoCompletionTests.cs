using FlameGraph.Tests.Record;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.Cargo;

/// <summary>
/// `cargo-flamegraph --completions`: the scripts run in the real shells, completing `cargo
/// flamegraph ...` as users type it and `cargo-flamegraph ...`, next to rustup's real cargo
/// completion (bash), in a copy of the fixture workspace for the target names.
/// </summary>
public sealed class CargoCompletionTests(CargoWorkspace workspace) : IClassFixture<CargoWorkspace>
{
    const string BashCompletionLibrary = "/usr/share/bash-completion/bash_completion";

    /// <summary>
    /// `comp WORD...` does what bash does on TAB after the last word: it sets COMP_WORDS, COMP_CWORD,
    /// COMP_LINE and COMP_POINT, calls the function registered for the first word (looked up anew
    /// each time, as bash does) and prints COMPREPLY one per line.
    /// </summary>
    const string BashHarness = """
        comp() {
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
            local spec function
            spec=$(complete -p "$1") || return 1
            [[ $spec =~ -F\ ([^ ]+) ]] && function=${BASH_REMATCH[1]}
            "$function" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            if ((${#COMPREPLY[@]})); then printf '%s\n' "${COMPREPLY[@]}" | sort; fi
            echo ==
        }

        """;

    static readonly string[] Palettes =
        ["aqua", "blue", "chain", "green", "hot", "io", "java", "js", "mem", "orange", "perl", "purple", "python", "red", "rust", "wakeup", "yellow"];

    string Script(string shell, string name)
    {
        var result = ToolProcess.Run("cargo-flamegraph", "--completions", shell);
        Assert.True(result.ExitCode == 0, result.Stderr);
        string path = Path.Combine(workspace.Root, name);
        File.WriteAllBytes(path, result.Stdout);
        return path;
    }

    /// <summary>Runs <paramref name="script"/> in `bash --norc` in the fixture copy, with XDG_DATA_HOME (bash-completion's lazy-load folder) set.</summary>
    (int ExitCode, string Stdout, string Stderr) Bash(string script, string dataHome) =>
        RealPerf.Run("env", ["XDG_DATA_HOME=" + dataHome, "BASH_COMPLETION_USER_DIR=" + Path.Combine(dataHome, "bash-completion"),
            "bash", "--norc", "-c", BashHarness + script], workspace.Crate, 60);

    /// <summary>The answers of the `comp` calls, in order.</summary>
    static string[][] Replies(string stdout) =>
        [.. stdout.Split("==\n")[..^1].Select(r => r.Split('\n', StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>Rustup's cargo completion for bash (what `rustup completions bash cargo` prints), or a visible skip.</summary>
    string CargosOwnBashCompletion()
    {
        if (!File.Exists(BashCompletionLibrary))
            Assert.Skip($"bash-completion is not installed ({BashCompletionLibrary}): the script is NOT checked next to cargo's completion");
        workspace.RequireCargo();
        (int ExitCode, string Stdout, string Stderr) rustup;
        try
        {
            rustup = RealPerf.Run("rustup", ["completions", "bash", "cargo"]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Skip($"rustup is not runnable here ({e.Message}): the script is NOT checked next to cargo's completion");
            throw;
        }
        Assert.True(rustup.ExitCode == 0, rustup.Stderr);
        string file = Path.Combine(workspace.Root, "cargo-completion.bash");
        File.WriteAllText(file, rustup.Stdout);
        return file;
    }

    string EmptyDataHome(string name)
    {
        string dir = Path.Combine(workspace.Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Bash_script_is_valid_bash()
    {
        var syntax = RealPerf.Run("bash", ["-n", Script("bash", "syntax.bash")]);
        Assert.True(syntax.ExitCode == 0, syntax.Stderr);
    }

    [Fact]
    public void Bash_completes_cargo_flamegraph_and_leaves_cargos_other_subcommands_to_cargo()
    {
        string cargo = CargosOwnBashCompletion();
        string ours = Script("bash", "loaded.bash");

        var run = Bash($"""
            source {BashCompletionLibrary}
            source '{cargo}'
            source '{ours}'
            comp cargo flamegraph --b
            comp cargo flamegraph --palette ''
            comp cargo bui
            comp cargo flamegraph --bin ''
            comp cargo flamegraph -p ''
            comp cargo flamegraph --example ''
            comp cargo flamegraph --test ''
            comp cargo flamegraph --bench ''
            comp cargo flamegraph --bin alpha_main -- Car
            comp cargo build --rel
            complete -p cargo
            """, EmptyDataHome("data-loaded"));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        var replies = Replies(run.Stdout);
        Assert.Equal(["--bench", "--bin"], replies[0]);
        Assert.Equal(Palettes, replies[1]);
        Assert.Contains("build", replies[2]); // cargo's own answer
        Assert.Equal(["alpha_main", "alpha_other", "beta_tool"], replies[3]);
        Assert.Equal(["alpha", "beta", "gamma"], replies[4]);
        Assert.Equal(["alpha_example"], replies[5]);
        Assert.Equal(["beta_it"], replies[6]);
        Assert.Equal(["alpha_bench"], replies[7]);
        Assert.Contains("Cargo.toml", replies[8]); // the profiled program's arguments: files
        Assert.Contains("--release", replies[9]);
        // cargo's registration is taken over with its own options (none), not bash's defaults.
        Assert.EndsWith("complete -F _cargo_flamegraph_cargo cargo\n", run.Stdout);
    }

    [Fact]
    public void Bash_loads_cargos_completion_when_bash_completion_has_not_loaded_it_yet()
    {
        string cargo = CargosOwnBashCompletion();
        string ours = Script("bash", "lazy.bash");
        // bash-completion loads completions/cargo from here on first use.
        string dataHome = EmptyDataHome("data-lazy");
        Directory.CreateDirectory(Path.Combine(dataHome, "bash-completion", "completions"));
        File.Copy(cargo, Path.Combine(dataHome, "bash-completion", "completions", "cargo"));

        var run = Bash($"""
            source {BashCompletionLibrary}
            source '{ours}'
            declare -F _cargo || echo 'not loaded'
            comp cargo flamegraph --pal
            declare -F _cargo || echo 'still not loaded'
            comp cargo bui
            comp cargo flamegraph --b
            complete -p cargo
            """, dataHome);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        Assert.StartsWith("not loaded\n--palette\n==\nstill not loaded\n", run.Stdout);
        var replies = Replies(run.Stdout.Replace("not loaded\n", "").Replace("still ", ""));
        Assert.Contains("build", replies[1]);
        Assert.Equal(["--bench", "--bin"], replies[2]);
        Assert.EndsWith("complete -F _cargo_flamegraph_cargo cargo\n", run.Stdout);
    }

    [Fact]
    public void Bash_without_any_cargo_completion_still_completes_cargo_flamegraph_quietly()
    {
        string ours = Script("bash", "alone.bash");
        string outside = EmptyDataHome("not-a-crate");

        var run = Bash($"""
            source '{ours}'
            comp cargo bui
            comp cargo flamegraph --unit-test-k
            comp cargo-flamegraph --exa
            comp cargo-flamegraph flamegraph --unit-test-kind ''
            cd '{outside}'
            comp cargo flamegraph --bin ''
            """, EmptyDataHome("data-alone"));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr); // outside a crate, cargo metadata's complaint is not shown
        var replies = Replies(run.Stdout);
        Assert.Empty(replies[0]); // bash's default (file names) takes over
        Assert.Equal(["--unit-test-kind"], replies[1]);
        Assert.Equal(["--example"], replies[2]);
        Assert.Equal(["bin", "lib"], replies[3]);
        Assert.Empty(replies[4]);
    }

    [Fact]
    public void Fish_completes_cargo_flamegraph_and_cargo_flamegraph_directly()
    {
        workspace.RequireCargo();
        string script = Script("fish", "cargo-flamegraph.fish");
        (int ExitCode, string Stdout, string Stderr) Fish(params string[] args)
        {
            try
            {
                return RealPerf.Run("fish", ["--no-config", .. args], workspace.Crate, 60);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Assert.Skip($"fish is not installed ({e.Message}): the fish script is NOT checked");
                throw;
            }
        }

        var syntax = Fish("-n", script);
        var run = Fish("-c", $"""
            source '{script}'
            complete -C 'cargo flamegraph --b'; echo ==
            complete -C 'cargo flamegraph --bin '; echo ==
            complete -C 'cargo-flamegraph --palette r'; echo ==
            complete -C 'cargo-flamegraph --unit-test-kind '; echo ==
            """);

        Assert.True(syntax.ExitCode == 0, syntax.Stderr);
        Assert.True(run.ExitCode == 0, run.Stderr);
        // fish prints `candidate<TAB>description`.
        var replies = Replies(run.Stdout).Select(r => r.Select(line => line.Split('\t')[0]).ToArray()).ToArray();
        Assert.Equal(["--bench", "--bin"], replies[0]);
        Assert.Equal(["alpha_main", "alpha_other", "beta_tool"], replies[1]);
        Assert.Equal(["red", "rust"], replies[2]);
        Assert.Equal(["bin", "lib"], replies[3]);
    }

    [Fact]
    public void Zsh_script_is_valid_and_defines_the_function_cargos_completion_calls()
    {
        string script = Script("zsh", "_cargo-flamegraph");
        (int ExitCode, string Stdout, string Stderr) Zsh(params string[] args)
        {
            try
            {
                return RealPerf.Run("zsh", ["-f", .. args], workspace.Root, 60);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Assert.Skip($"zsh is not installed ({e.Message}): the zsh script is NOT checked");
                throw;
            }
        }

        var syntax = Zsh("-n", script);
        // rustup's _cargo hands `cargo flamegraph ...` to a function named _cargo-flamegraph.
        var sourced = Zsh("-c", $"autoload -U compinit && compinit -u -D && source '{script}' && whence -w _cargo-flamegraph && print -r -- $_comps[cargo-flamegraph]");

        Assert.True(syntax.ExitCode == 0, syntax.Stderr);
        Assert.True(sourced.ExitCode == 0, sourced.Stderr);
        Assert.Equal("_cargo-flamegraph: function\n_cargo_flamegraph\n", sourced.Stdout);
    }

    [Fact]
    public void Help_shows_the_usage_as_cargo_runs_it()
    {
        var direct = ToolProcess.Run("cargo-flamegraph", "--help");

        Assert.Equal(0, direct.ExitCode);
        Assert.Contains("Usage:\n  cargo flamegraph [options] [-- ARGS...]\n", direct.StdoutText);
        Assert.DoesNotContain("  cargo-flamegraph [options]\n", direct.StdoutText);
    }

    [Fact]
    public void Cargo_runs_the_tool_from_path_as_its_flamegraph_subcommand()
    {
        workspace.RequireCargo();
        // cargo finds cargo-flamegraph on PATH and runs `cargo-flamegraph flamegraph --help`.
        var run = RealPerf.Run("env", ["PATH=" + RepoPaths.BinDir + ":" + Environment.GetEnvironmentVariable("PATH"), "cargo", "flamegraph", "--help"], workspace.Crate, 60);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Usage:\n  cargo flamegraph [options] [-- ARGS...]\n", run.Stdout);
        Assert.Contains("--unit-bench", run.Stdout);
    }
}
