// Upstream: struct dpif_flow_stats in lib/dpif.h (OVS 3.1).
namespace Ovs.Dpif.Netdev.Flows;

/// <param name="UsedMs">Monotonic milliseconds of the last packet, 0 when the flow has seen none.</param>
/// <param name="TcpFlags">The union of the TCP flags of the packets seen (host order, 12 bits).</param>
internal readonly record struct DpNetdevFlowStats(ulong Packets, ulong Bytes, long UsedMs, ushort TcpFlags);
