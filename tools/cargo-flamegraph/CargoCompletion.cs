using System.CommandLine;
using FlameGraph.Cli;

namespace FlameGraph.Tools.CargoFlamegraph;

/// <summary>
/// What `--completions` knows about cargo-flamegraph: users type it as `cargo flamegraph`, the
/// words after `--` are the profiled program's arguments, and target and package names come from
/// the crate in the current directory.
/// </summary>
public static class CargoCompletion
{
    /// <summary>
    /// Prints `KIND NAME` lines (`bin alpha_main`, `package alpha`) for the workspace around the
    /// current directory: `cargo metadata --no-deps --offline` reads only the manifests (a few tens
    /// of milliseconds, no network), and any failure prints nothing. It splits cargo's one-line JSON
    /// at each object: a package object starts with its name and version, a target object with its
    /// kind list; single-kind targets are the bins, examples, tests and benches.
    /// </summary>
    public const string NamesCommand =
        "cargo metadata --no-deps --format-version 1 --offline 2>/dev/null | tr '{' '\\n'"
        + " | sed -n -e 's/^\"name\":\"\\([^\"]*\\)\",\"version\".*/package \\1/p'"
        + " -e 's/^\"kind\":\\[\"\\([a-z-]*\\)\"\\].*\"name\":\"\\([^\"]*\\)\".*/\\1 \\2/p'";

    public static CompletedCommand For(IReadOnlyList<CompletedOption> options) =>
        new("cargo-flamegraph", options)
        {
            Host = "cargo",
            Subcommand = "flamegraph",
            TrailingIsCommand = false,
            NamesCommand = NamesCommand,
        };

    /// <summary>The kinds of name the target options take, as <see cref="NamesCommand"/> prints them.</summary>
    public static Dictionary<Option, string> NameKinds(Option package, Option bin, Option example, Option test, Option bench) =>
        new() { [package] = "package", [bin] = "bin", [example] = "example", [test] = "test", [bench] = "bench" };
}
