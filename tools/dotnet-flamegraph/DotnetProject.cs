using System.Text;
using FlameGraph.Common;

namespace FlameGraph.DotnetFlamegraph;

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
            throw new ToolException($"dotnet build failed ({status})");
    }

    /// <summary>
    /// The command that runs the built program: its apphost when the build made one, else
    /// `dotnet app.dll`. MSBuild itself says where the output is (TargetPath), so custom output
    /// folders and assembly names are found too.
    /// </summary>
    public IReadOnlyList<string> EntryCommand()
    {
        string targetPath = TargetPath();
        if (targetPath.Length == 0)
            throw new ToolException(options.Framework is null
                ? "the project has no single target path (several target frameworks?): choose one with --framework"
                : "the project has no target path for that framework");
        if (!targetPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return [targetPath];
        string appHost = targetPath[..^".dll".Length];
        if (File.Exists(appHost))
            return [appHost];
        if (!File.Exists(targetPath))
            throw new ToolException($"the build made no '{targetPath}'");
        return [options.Dotnet, targetPath];
    }

    string TargetPath()
    {
        string[] arguments = ["msbuild", .. ProjectArgument(), "-getProperty:TargetPath", $"-p:Configuration={options.Configuration}",
            .. FrameworkArguments("-p:TargetFramework="), "-nologo"];
        using var query = ChildProcess.Start(options.Dotnet, arguments, new ChildProcessOptions { Output = ChildOutput.Stream, NoInput = true });
        var text = new MemoryStream();
        query.CopyOutputTo(text);
        var status = query.WaitForExit();
        string answer = Encoding.UTF8.GetString(text.ToArray()).Trim();
        if (!status.Success)
        {
            if (answer.Length > 0)
                Console.Error.WriteLine(answer);
            throw new ToolException($"dotnet msbuild could not tell the built program's path ({status})");
        }
        return answer;
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
            throw new ToolException($"cannot find project '{project}': No such file or directory");
    }
}
