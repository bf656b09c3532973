using System.Runtime.CompilerServices;

namespace HotLoop;

/// <summary>
/// `HotLoop [SECONDS] [EXIT_STATUS]`: spends about SECONDS (default 1) of CPU in one method that
/// the JIT compiles and never inlines, then exits with EXIT_STATUS (default 0).
/// The seconds are CPU time, not wall-clock time: on a busy machine the loop still outweighs the
/// runtime's start-up work in the profile.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
        long result = SpinHotLoop(TimeSpan.FromSeconds(seconds));
        // Printing the result keeps the loop from being optimised away.
        Console.WriteLine($"hot loop result {result}");
        return args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long SpinHotLoop(TimeSpan duration)
    {
        var end = Environment.CpuUsage.TotalTime + duration;
        long acc = 17;
        while (Environment.CpuUsage.TotalTime < end)
        {
            for (int i = 0; i < 100_000; i++)
                acc = acc * 6364136223846793005L + 1442695040888963407L ^ (acc >> 29);
        }
        return acc;
    }
}
