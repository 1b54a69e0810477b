// Runs one target over its seeds and then over mutations of them, for a bounded number of inputs and a bounded
// time. A crash is any exception that escapes the target; a hang is an input that takes longer than the per-input
// limit (measured, since a managed thread cannot be stopped safely). Either ends the run with the input that
// caused it, so it can be replayed and kept as a regression seed.
using System.Diagnostics;

namespace Ovs.Fuzz;

internal sealed record FuzzResult(string Target, long Inputs, TimeSpan Elapsed, string? Failure, byte[]? FailingInput)
{
    public bool Passed => Failure is null;
}

internal static class FuzzDriver
{
    public static FuzzResult Run(FuzzTarget target, long maxInputs, TimeSpan maxTime, int seed, TimeSpan perInputLimit)
    {
        byte[][] seeds = [.. target.Seeds()];
        if (seeds.Length == 0)
        {
            seeds = [[]];
        }

        var mutator = new Mutator(seed, target.MaxLength);
        var total = Stopwatch.StartNew();
        long inputs = 0;
        foreach (byte[] s in seeds)
        {
            if (Check(target, s, perInputLimit) is { } failure)
            {
                return new FuzzResult(target.Name, inputs + 1, total.Elapsed, failure, s);
            }

            inputs++;
        }

        while (inputs < maxInputs && total.Elapsed < maxTime)
        {
            byte[] parent = seeds[mutator.Random.Next(seeds.Length)];
            byte[] other = seeds[mutator.Random.Next(seeds.Length)];
            byte[] input = mutator.Mutate(parent, other);
            if (Check(target, input, perInputLimit) is { } failure)
            {
                return new FuzzResult(target.Name, inputs + 1, total.Elapsed, failure, input);
            }

            inputs++;
        }

        return new FuzzResult(target.Name, inputs, total.Elapsed, null, null);
    }

    /// <summary>Runs one input; returns a description of the failure, or null.</summary>
    public static string? Check(FuzzTarget target, byte[] input, TimeSpan perInputLimit)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            target.Run(input);
        }
#pragma warning disable CA1031 // Any exception escaping a codec is the defect being looked for.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }

        TimeSpan took = Stopwatch.GetElapsedTime(start);
        return took > perInputLimit ? $"slow input: {took.TotalMilliseconds:F0} ms (limit {perInputLimit.TotalMilliseconds:F0} ms)" : null;
    }
}
