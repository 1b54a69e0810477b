// A plain loop over one forwarding benchmark, for profilers: `Ovs.Benchmarks loop <Method> <seconds>` sets up
// ForwardingBenchmarks, runs the method for the given time (after one second of warm-up) and prints the packets
// handled and ns per packet, by the wall clock and by the process's CPU time (which a loaded machine distorts less:
// time the thread waits for a core is not counted). Unlike BenchmarkDotNet it adds no harness around the calls, so `perf record` and
// `perf stat` see the datapath alone (set DOTNET_PerfMapEnabled=1 for JIT symbols).
using System.Diagnostics;

namespace Ovs.Benchmarks.Dpif;

internal static class ForwardingLoop
{
    private const int PacketsPerCall = 32;

    public static int Run(string method, double seconds)
    {
        var bench = new ForwardingBenchmarks();
        bench.GlobalSetup();
        Action call = method switch
        {
            nameof(ForwardingBenchmarks.EmcHit) => bench.EmcHit,
            nameof(ForwardingBenchmarks.MegaflowHit) => bench.MegaflowHit,
            nameof(ForwardingBenchmarks.MegaflowHitOneMask) => bench.MegaflowHitOneMask,
            nameof(ForwardingBenchmarks.Upcall) => bench.Upcall,
            _ => throw new ArgumentException($"unknown forwarding benchmark {method}", nameof(method)),
        };

        Measure(call, 1.0);
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        (long calls, TimeSpan elapsed) = Measure(call, seconds);
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        long packets = calls * PacketsPerCall;
        double ns = elapsed.TotalNanoseconds / packets;
        double cpuNs = cpu.TotalNanoseconds / packets;
        Console.WriteLine(
            $"{method}: {packets} packets in {elapsed.TotalSeconds:F2} s; wall {ns:F1} ns/packet ({1e3 / ns:F2} Mpps); "
            + $"cpu {cpuNs:F1} ns/packet ({1e3 / cpuNs:F2} Mpps)");
        bench.GlobalCleanup();
        return 0;
    }

    private static (long Calls, TimeSpan Elapsed) Measure(Action call, double seconds)
    {
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 1000; i++)
            {
                call();
            }

            calls += 1000;
        }

        return (calls, clock.Elapsed);
    }
}
