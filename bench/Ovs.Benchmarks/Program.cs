// Entry point of the benchmark suites: `dotnet run -c Release --project bench/Ovs.Benchmarks -- --filter '*Name*'`
// (any BenchmarkDotNet command line works), or `-- loop <ForwardingBenchmarks method> <seconds>` for a plain loop
// to run under a profiler (see Dpif/ForwardingLoop.cs).
using System.Globalization;
using BenchmarkDotNet.Running;
using Ovs.Benchmarks.Dpif;

if (args.Length == 3 && args[0] == "loop")
{
    return ForwardingLoop.Run(args[1], double.Parse(args[2], CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Ovs.Benchmarks.BenchmarksAssembly).Assembly).Run(args);
return 0;
