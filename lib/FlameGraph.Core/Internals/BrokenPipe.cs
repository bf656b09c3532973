namespace FlameGraph.Internals;

/// <summary>Recognises the error a write gets when the reading end of a pipe has been closed.</summary>
public static class BrokenPipe
{
    const int Epipe = 32;

    public static bool IsCause(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is IOException io && (io.HResult == Epipe || (io.HResult & 0xFFFF) == Epipe
                                        || io.Message.Contains("Broken pipe", StringComparison.Ordinal)))
                return true;
        }
        return false;
    }
}
