// Entry point of the benchmark suites: `dotnet run -c Release --project bench/Ovs.Benchmarks -- --filter '*'`
// (any BenchmarkDotNet command line works).
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Ovs.Benchmarks.Flow.FlowExtractBenchmarks).Assembly).Run(args);
