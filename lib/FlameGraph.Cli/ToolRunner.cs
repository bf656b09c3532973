using FlameGraph.Internals;

namespace FlameGraph.Cli;

/// <summary>
/// Runs a tool's body so that no stack trace ever reaches the user: known failures become one
/// line on stderr, and a reader that went away (EPIPE, as with `| head`) ends the tool quietly.
/// </summary>
public static class ToolRunner
{
    public static int Run(string toolName, Func<int> body)
    {
        Diagnostics.ToolName = toolName;
        try
        {
            // Text on stdout (--help, --version, completion scripts, messages) goes through the
            // same write(2) as the output, so a full disk is a `write error` here too, and a
            // closed pipe ends the tool quietly.
            Console.SetOut(new StreamWriter(StdoutStream.Open(), new System.Text.UTF8Encoding(false)) { AutoFlush = true });
            return body();
        }
        catch (StageException e)
        {
            Diagnostics.Error(e.Message);
            return e is OptionsException ? 2 : 1;
        }
        catch (Exception e) when (BrokenPipe.IsCause(e))
        {
            return 0;
        }
        catch (Exception e) when (IoError.IsIo(e))
        {
            Diagnostics.Error($"I/O error: {IoError.Reason(e)}");
            return 1;
        }
        catch (OutOfMemoryException)
        {
            Diagnostics.Error("out of memory");
            return 1;
        }
        catch (Exception e)
        {
            Diagnostics.Error($"internal error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
