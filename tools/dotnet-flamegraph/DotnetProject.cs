using System.Text;
using System.Text.Json;
using FlameGraph.Internals;

namespace FlameGraph.Tools.DotnetFlamegraph;

/// <summary>
/// Builds a .NET project with the real `dotnet build` and tells how to run what it built.
/// dotnet's own output goes to our stderr, so a compile error reads exactly as dotnet words it.
/// </summary>
public sealed class DotnetProject(DotnetBuildOptions options)
{
    /// <summary>Builds the project; a failed build ends the run with dotnet's status.</summary>
    public void Build()
    {
        string[] arguments = ["build", .. ProjectArgument(), "-c", options.Configuration, .. FrameworkArguments("-f"), "-nologo"];
        using var build = ChildProcess.Start(options.Dotnet, arguments, new ChildProcessOptions { Output = ChildOutput.ToStderr, NoInput = true });
        var status = build.WaitForExit();
        if (!status.Success)
            throw new StageException($"dotnet build failed ({status})");
    }

    /// <summary>
    /// Where the build puts the program: MSBuild's TargetPath, which evaluation alone knows, so it
    /// is asked before building. A project with several target frameworks has none until one is
    /// chosen, and is stopped here, before a build of every framework.
    /// </summary>
    public string TargetPath()
    {
        string[] arguments = ["msbuild", .. ProjectArgument(), "-getProperty:TargetPath", "-getProperty:TargetFrameworks",
            $"-p:Configuration={options.Configuration}", .. FrameworkArguments("-p:TargetFramework="), "-nologo"];
        using var query = ChildProcess.Start(options.Dotnet, arguments, new ChildProcessOptions { Output = ChildOutput.Stream, NoInput = true });
        var text = new MemoryStream();
        query.CopyOutputTo(text);
        var status = query.WaitForExit();
        if (!status.Success)
        {
            // dotnet words the problem (no project here, several project files, a broken file).
            Console.Error.Write(Encoding.UTF8.GetString(text.ToArray()));
            throw new StageException($"dotnet msbuild could not read the project ({status})");
        }
        var (targetPath, frameworks) = ReadProperties(text.ToArray());
        if (targetPath.Length > 0)
            return targetPath;
        throw new StageException(options.Framework is null && frameworks.Length > 0
            ? $"the project has several target frameworks ({frameworks}): choose one with -f/--framework"
            : "the project has no target path to run (TargetPath is empty)");
    }

    /// <summary>`dotnet msbuild -getProperty:A -getProperty:B` answers {"Properties": {"A": "...", "B": "..."}}.</summary>
    static (string TargetPath, string Frameworks) ReadProperties(byte[] json)
    {
        try
        {
            using var answer = JsonDocument.Parse(json);
            var properties = answer.RootElement.GetProperty("Properties");
            return (properties.GetProperty("TargetPath").GetString() ?? "", properties.GetProperty("TargetFrameworks").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new StageException($"dotnet msbuild gave an answer that is not its property list: {e.Message}");
        }
    }

    /// <summary>
    /// The command that runs the built program at <paramref name="targetPath"/>: its apphost when
    /// the build made one, else `dotnet app.dll`.
    /// </summary>
    public IReadOnlyList<string> EntryCommand(string targetPath)
    {
        if (!targetPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return [targetPath];
        string appHost = targetPath[..^".dll".Length];
        if (File.Exists(appHost))
            return [appHost];
        if (!File.Exists(targetPath))
            throw new StageException($"the build made no '{targetPath}'");
        return [options.Dotnet, targetPath];
    }

    string[] ProjectArgument() => options.Project is { } project ? [project] : [];

    string[] FrameworkArguments(string spelling) => options.Framework switch
    {
        null => [],
        var f when spelling.EndsWith('=') => [spelling + f],
        var f => [spelling, f],
    };

    /// <summary>A --project that names nothing is an error before dotnet runs; dotnet words the rest.</summary>
    public static void CheckExists(string? project)
    {
        if (project is not null && !File.Exists(project) && !Directory.Exists(project))
            throw new StageException($"cannot find project '{project}': No such file or directory");
    }
}
