using FlameGraph.Filter;

namespace FlameGraph.Tests.FoldFilter;

/// <summary>
/// --skip-after, --collapse-recursion, --include/--exclude, --post-process and their order, on the
/// stage in process; what only the command line does (spellings, usage errors, failures) on the tool.
/// </summary>
public class StageTests
{
    [Fact]
    public void Skip_after_keeps_the_frame_and_its_callees_and_drops_callers_and_the_root()
    {
        var result = FoldFilterRun.Filter("app;start;main;work;leaf 3\napp;start;other 2\n", new FoldFilterOptions { SkipAfter = ["main"] });
        FoldFilterRun.AssertOutput(result, "app;start;other 2\nmain;work;leaf 3\n");
    }

    [Fact]
    public void Skip_after_with_several_matches_cuts_at_the_one_nearest_the_leaf()
    {
        // inferno reads perf's frames leaf first and stops at the first match.
        var result = FoldFilterRun.Filter("app;outer;x;inner;leaf 1\n", new FoldFilterOptions { SkipAfter = ["outer", "inner"] });
        FoldFilterRun.AssertOutput(result, "inner;leaf 1\n");
    }

    [Fact]
    public void Skip_after_merges_stacks_that_become_equal()
    {
        var result = FoldFilterRun.Filter("a;main;f 1\nb;main;f 2\n", new FoldFilterOptions { SkipAfter = ["main"] });
        FoldFilterRun.AssertOutput(result, "main;f 3\n");
    }

    [Fact]
    public void Skip_after_matches_whole_frames_only()
    {
        var result = FoldFilterRun.Filter("app;main_loop;f 1\n", new FoldFilterOptions { SkipAfter = ["main"] });
        FoldFilterRun.AssertOutput(result, "app;main_loop;f 1\n");
    }

    [Fact]
    public void Skip_after_accepts_the_perl_style_spelling()
    {
        var result = FoldFilterRun.Stdin("app;main;f 1\n", "-skip-after", "main");
        FoldFilterRun.AssertOutput(result, "main;f 1\n");
    }

    [Fact]
    public void Collapse_recursion_merges_direct_recursion_only()
    {
        var result = FoldFilterRun.Filter("main;recursive;recursive;recursive;helper 1\nmain;f;g;f 2\nmain;recursive;helper 4\n", new FoldFilterOptions { CollapseRecursion = true });
        FoldFilterRun.AssertOutput(result, "main;f;g;f 2\nmain;recursive;helper 5\n");
    }

    [Fact]
    public void Collapse_recursion_keeps_stackcollapse_recursive_edges()
    {
        // Perl starts with an empty "previous frame" and its split drops trailing empty fields.
        var result = FoldFilterRun.Filter(";a;a;;b; 1\n", new FoldFilterOptions { CollapseRecursion = true });
        FoldFilterRun.AssertOutput(result, "a;;b 1\n");
    }

    [Fact]
    public void Include_keeps_stacks_with_a_matching_frame()
    {
        var result = FoldFilterRun.Filter("main;read;sys_read 1\nmain;write 2\nmain;compute 4\n", new FoldFilterOptions { Include = ["^(read|write)$"] });
        FoldFilterRun.AssertOutput(result, "main;read;sys_read 1\nmain;write 2\n");
    }

    [Fact]
    public void Include_matches_each_frame_on_its_own()
    {
        // "main;read" as one string would match "n;r"; no single frame does.
        var result = FoldFilterRun.Filter("main;read 1\n", new FoldFilterOptions { Include = ["n;r"] });
        FoldFilterRun.AssertOutput(result, "");
    }

    [Fact]
    public void Exclude_drops_stacks_with_a_matching_frame_and_wins_over_include()
    {
        var result = FoldFilterRun.Filter("main;idle 5\nmain;work;idle 1\nmain;work 2\n",
            new FoldFilterOptions { Exclude = ["^idle$"], Include = ["work"] });
        FoldFilterRun.AssertOutput(result, "main;work 2\n");
    }

    [Fact]
    public void Several_include_patterns_are_alternatives()
    {
        var result = FoldFilterRun.Filter("a;x 1\nb;y 2\nc;z 3\n", new FoldFilterOptions { Include = ["^x$", "^z$"] });
        FoldFilterRun.AssertOutput(result, "a;x 1\nc;z 3\n");
    }

    [Fact]
    public void Invalid_regex_is_a_usage_error_naming_the_pattern()
    {
        var result = FoldFilterRun.Stdin("a 1\n", "--include", "(unclosed");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("fg-fold-filter: --include '(unclosed': invalid regular expression", result.Stderr);
    }

    [Fact]
    public void Post_process_output_replaces_the_stacks_and_is_merged_and_sorted()
    {
        var result = FoldFilterRun.Filter("b;x1 1\nb;x2 2\na 5\n", new FoldFilterOptions { PostProcess = "sed -e 's/x[0-9]/x/'" });
        FoldFilterRun.AssertOutput(result, "a 5\nb;x 3\n");
    }

    [Fact]
    public void Post_process_splits_quotes_like_a_shell_without_running_one()
    {
        // Without a shell, $HOME stays literal inside single quotes and the pipe is an argument.
        var result = FoldFilterRun.Filter("a 1\n", new FoldFilterOptions { PostProcess = "sed -e 's/a/$HOME | x/'" });
        FoldFilterRun.AssertOutput(result, "$HOME | x 1\n");
    }

    [Fact]
    public void Post_process_that_does_not_read_its_input_is_fine()
    {
        // 50,000 stacks fill the pipe; the command exits without reading them.
        string input = string.Concat(Enumerable.Range(0, 50000).Select(i => $"main;frame{i:D6} 1\n"));
        var result = FoldFilterRun.Filter(input, new FoldFilterOptions { PostProcess = "echo 'x;y 7'" });
        FoldFilterRun.AssertOutput(result, "x;y 7\n");
    }

    [Fact]
    public void Post_process_failure_names_the_command_and_its_status()
    {
        var result = FoldFilterRun.Stdin("a 1\n", "--post-process", "sh -c 'cat >/dev/null; exit 3'");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-fold-filter: command 'sh -c 'cat >/dev/null; exit 3'' failed with exit status 3\n", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Post_process_with_a_missing_program_is_a_one_line_error()
    {
        var result = FoldFilterRun.Stdin("a 1\n", "--post-process", "no-such-program-fg --x");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("fg-fold-filter: cannot run 'no-such-program-fg': No such file or directory\n", result.Stderr);
    }

    [Fact]
    public void Demangling_runs_before_skip_after_so_the_cut_uses_readable_names()
    {
        var result = FoldFilterRun.Filter("app;_Z4mainv;_ZN3foo3barEv 1\n", new FoldFilterOptions { Demangle = true, SkipAfter = ["main()"] });
        FoldFilterRun.AssertOutput(result, "main();foo::bar() 1\n");
    }

    [Fact]
    public void Filters_see_stacks_after_skip_after_and_recursion()
    {
        // The excluded frame "app" is cut away by --skip-after first, so the stack stays.
        var result = FoldFilterRun.Filter("app;main;f;f 2\n", new FoldFilterOptions { SkipAfter = ["main"], CollapseRecursion = true, Exclude = ["^app$"] });
        FoldFilterRun.AssertOutput(result, "main;f 2\n");
    }

    [Fact]
    public void Post_process_sees_the_filtered_stacks()
    {
        var result = FoldFilterRun.Filter("keep 1\ndrop 2\n", new FoldFilterOptions { Exclude = ["drop"], PostProcess = "sed -e 's/^/seen;/'" });
        FoldFilterRun.AssertOutput(result, "seen;keep 1\n");
    }
}
