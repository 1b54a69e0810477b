namespace Ovs.Benchmarks;

/// <summary>Anchor type naming this assembly for BenchmarkSwitcher.</summary>
internal static class BenchmarksAssembly;
