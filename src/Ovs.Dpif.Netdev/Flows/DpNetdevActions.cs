// Upstream: struct dp_netdev_actions in lib/dpif-netdev.c (OVS 3.1).
// A flow's actions as the ODP-encoded bytes they were installed with. Immutable: modifying a flow publishes a new
// instance, so a datapath thread that loaded the old one executes a consistent action list.
namespace Ovs.Dpif.Netdev.Flows;

internal sealed class DpNetdevActions(ReadOnlyMemory<byte> bytes)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public static DpNetdevActions CopyOf(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());
}
