using System.Text;
using FlameGraph.Internals;

namespace FlameGraph.Tests.Support;

/// <summary>What a stage wrote, and the warnings it reported, for inputs held in memory.</summary>
public sealed record StageResult(byte[] Output, IReadOnlyList<string> Warnings)
{
    public string Text => Encoding.UTF8.GetString(Output);
}

/// <summary>
/// Runs a stage in process, as its tool does but without the command line: each input is a name
/// (used in the stage's messages; "-" reads as stdin does) and its content.
/// </summary>
public static class StageRun
{
    /// <param name="run">The stage's Run: `new FoldFilter(options).Run`, for example.</param>
    public static StageResult Run(Func<IReadOnlyList<string>, ByteWriter, Func<string, Stream>, StageReport> run,
        params (string Name, byte[] Content)[] inputs)
    {
        var contents = inputs.ToDictionary(i => i.Name, i => i.Content);
        using var buffer = new MemoryStream();
        var output = new ByteWriter(buffer);
        var report = run([.. inputs.Select(i => i.Name)], output, name => new MemoryStream(contents[name]));
        output.Flush();
        return new StageResult(buffer.ToArray(), report.Warnings);
    }

    /// <summary>One input, text read as stdin would be.</summary>
    public static StageResult Run(Func<IReadOnlyList<string>, ByteWriter, Func<string, Stream>, StageReport> run, string stdin) =>
        Run(run, ("-", Encoding.UTF8.GetBytes(stdin)));

    /// <summary>Several text inputs, named in order.</summary>
    public static StageResult Run(Func<IReadOnlyList<string>, ByteWriter, Func<string, Stream>, StageReport> run,
        params (string Name, string Content)[] inputs) =>
        Run(run, [.. inputs.Select(i => (i.Name, Encoding.UTF8.GetBytes(i.Content)))]);
}
