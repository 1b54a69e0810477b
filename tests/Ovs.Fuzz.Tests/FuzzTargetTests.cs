// Every fuzz target runs for a bounded number of mutated inputs (and at most a bounded time) in make check, with a
// seed that changes per run unless OVS_FUZZ_SEED fixes it, so CI keeps exploring; a failure prints the seed and
// the input in hex so it can be replayed with ovs-fuzz.
using System.Globalization;
using Xunit.Abstractions;

namespace Ovs.Fuzz.Tests;

public sealed class FuzzTargetTests(ITestOutputHelper output)
{
    private const long InputsPerTarget = 200_000;
    private static readonly TimeSpan s_timePerTarget = TimeSpan.FromSeconds(20);

    public static TheoryData<string> TargetNames()
    {
        var data = new TheoryData<string>();
        foreach (FuzzTarget t in Targets.All)
        {
            data.Add(t.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Target_survives_mutated_inputs(string name)
    {
        FuzzTarget target = Targets.Find(name)!;
        int seed = Environment.GetEnvironmentVariable("OVS_FUZZ_SEED") is { Length: > 0 } s
            ? int.Parse(s, CultureInfo.InvariantCulture)
            : Environment.TickCount;
        Assert.NotEmpty(target.Seeds());
        FuzzResult result = FuzzDriver.Run(target, InputsPerTarget, s_timePerTarget, seed, TimeSpan.FromSeconds(5));
        output.WriteLine($"{name}: {result.Inputs} inputs in {result.Elapsed.TotalSeconds:F1} s, seed {seed}");
        Assert.True(result.Passed, $"{name} failed with seed {seed} on input {Convert.ToHexString(result.FailingInput ?? [])}:\n{result.Failure}");
    }

    [Fact]
    public void Driver_reports_an_exception_and_the_input_that_caused_it()
    {
        var target = new FuzzTarget("throws-on-ab", "test", Throws, () => [[0x00, 0x01, 0x02]]);
        FuzzResult result = FuzzDriver.Run(target, 1_000_000, TimeSpan.FromSeconds(20), 1, TimeSpan.FromSeconds(5));
        Assert.False(result.Passed);
        Assert.Contains("InvalidOperationException", result.Failure, StringComparison.Ordinal);
        Assert.Contains((byte)0xab, result.FailingInput!);
    }

    [Fact]
    public void Mutations_stay_within_the_length_limit_and_vary()
    {
        var mutator = new Mutator(3, maxLength: 64);
        byte[] seed = new byte[60];
        var distinct = new HashSet<string>();
        for (int i = 0; i < 2000; i++)
        {
            byte[] m = mutator.Mutate(seed, seed);
            Assert.True(m.Length <= 64);
            distinct.Add(Convert.ToHexString(m));
        }

        Assert.True(distinct.Count > 1000);
    }

    private static void Throws(ReadOnlySpan<byte> input)
    {
        if (input.Contains((byte)0xab))
        {
            throw new InvalidOperationException("found 0xab");
        }
    }
}
