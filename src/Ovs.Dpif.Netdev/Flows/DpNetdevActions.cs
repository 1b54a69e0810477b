// Upstream: struct dp_netdev_actions in lib/dpif-netdev.c (OVS 3.1).
// A flow's actions as the ODP-encoded bytes they were installed with. Immutable: modifying a flow publishes a new
// instance, so a datapath thread that loaded the old one executes a consistent action list.
//
// Precomputed program: when the list is exactly one output action (the common flow of a switch), OutputPort holds
// its port, and the datapath hands a flow's packets straight to that port's output queue without interpreting the
// list (what running it through OdpExecutor would do, minus the parsing).
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Netdev.Flows;

internal sealed class DpNetdevActions
{
    public DpNetdevActions(ReadOnlyMemory<byte> bytes)
    {
        Bytes = bytes;
        var reader = new NlAttrReader(bytes.Span);
        if (reader.MoveNext() && reader.Current.Type == OdpActionAttr.Output && reader.Current.Size == 4
            && reader.Leftover == 0)
        {
            OutputPort = reader.Current.U32;
        }
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The port of a list that is one output action and nothing else; null for any other list.</summary>
    public uint? OutputPort { get; }

    public static DpNetdevActions CopyOf(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());
}
