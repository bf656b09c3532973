using CsCheck;

namespace FlameGraph.Tests.Fuzz;

/// <summary>
/// How many generated inputs a property sees, and from which seeds.
/// <list type="bullet">
/// <item>By default (`make test`): a fixed number of cases from fixed seeds, the same every run.</item>
/// <item>FG_FUZZ_SECONDS=N (`make fuzz`): random seeds for N seconds in all, shared out among the
/// properties, with CsCheck shrinking any failure to a small input.</item>
/// <item>FG_FUZZ_SEED=S: just the case of seed S, as a failure printed it.</item>
/// </list>
/// A failure names its seed: `FG_FUZZ_SEED=S tests/bin/Release/net10.0/FlameGraph.Tests -method "*Name*"` replays it.
/// </summary>
public static class FuzzRun
{
    /// <summary>The properties of the fuzz classes, among which FG_FUZZ_SECONDS is shared out.</summary>
    const int Properties = 16;

    const ulong FixedSeed = 20_240_601;

    static string? ReplaySeed => Environment.GetEnvironmentVariable("FG_FUZZ_SEED") is { Length: > 0 } s ? s.Trim() : null;

    static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("FG_FUZZ_SECONDS"), out int s) && s > 0 ? s : 0;

    /// <summary>Checks <paramref name="property"/> on inputs from <paramref name="gen"/>; <paramref name="cases"/> of them in a fixed run.</summary>
    public static void Check<T>(Gen<T> gen, Action<T> property, Func<T, string> show, int cases)
    {
        if (ReplaySeed is { } seed)
        {
            Run(gen, property, show, PCG.Parse(seed));
            return;
        }
        if (Seconds > 0)
        {
            gen.Sample(property, time: Math.Max(1, Seconds / Properties), print: show);
            return;
        }
        for (uint i = 0; i < cases; i++)
            Run(gen, property, show, new PCG(i, FixedSeed));
    }

    static void Run<T>(Gen<T> gen, Action<T> property, Func<T, string> show, PCG pcg)
    {
        string seed = pcg.ToString();
        T input = gen.Generate(pcg, null, out _);
        try
        {
            property(input);
        }
        catch (Exception e)
        {
            string shown = show(input);
            if (shown.Length > 4000)
                shown = shown[..4000] + " ...";
            throw new FuzzFailureException($"failed for FG_FUZZ_SEED={seed}:\n{shown}\n{e.GetType().Name}: {e.Message}", e);
        }
    }
}

public sealed class FuzzFailureException(string message, Exception inner) : Exception(message, inner);
