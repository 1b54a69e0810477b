// A named fuzz target: what it feeds an input to, where its seeds come from, and how long its inputs may grow.
namespace Ovs.Fuzz;

internal delegate void FuzzAction(ReadOnlySpan<byte> input);

internal sealed record FuzzTarget(string Name, string Description, FuzzAction Run, Func<IEnumerable<byte[]>> Seeds, int MaxLength = 4096);
