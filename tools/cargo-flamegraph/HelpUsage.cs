using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace FlameGraph.Tools.CargoFlamegraph;

/// <summary>
/// `--help` names the command as users type it (`cargo flamegraph`), not as the executable file
/// is named: System.CommandLine's usage line takes the file name, and its help layout cannot be
/// changed from outside, so its text is rewritten on the way out.
/// </summary>
public static class HelpUsage
{
    public static void Replace(RootCommand command, string usage)
    {
        var help = command.Options.OfType<HelpOption>().FirstOrDefault();
        if (help?.Action is SynchronousCommandLineAction original)
            help.Action = new RewrittenHelp(original, $"Usage:\n  {command.Name} [options]\n", $"Usage:\n  {usage}\n");
    }

    sealed class RewrittenHelp(SynchronousCommandLineAction original, string generated, string wanted) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var console = Console.Out;
            var text = new StringWriter();
            Console.SetOut(text);
            int status;
            try
            {
                status = original.Invoke(parseResult);
            }
            finally
            {
                Console.SetOut(console);
            }
            console.Write(text.ToString().Replace(generated, wanted));
            return status;
        }
    }
}
