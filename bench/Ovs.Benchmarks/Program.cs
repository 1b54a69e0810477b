// Entry point of the benchmark suites: `dotnet run -c Release --project bench/Ovs.Benchmarks -- --filter '*Name*'`.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Ovs.Benchmarks.BenchmarksAssembly).Assembly).Run(args);
