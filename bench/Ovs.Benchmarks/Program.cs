// Entry point of the benchmark suites: `dotnet run -c Release --project bench/Ovs.Benchmarks -- --filter '*Name*'`
// (any BenchmarkDotNet command line works).
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Ovs.Benchmarks.BenchmarksAssembly).Assembly).Run(args);
