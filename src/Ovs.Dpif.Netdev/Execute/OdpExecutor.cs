// Upstream: odp_execute_actions() in lib/odp-execute.c (OVS 3.1).
// Runs a list of ODP actions (netlink attributes, as a datapath flow carries them) on a batch of packets. Actions
// that only change packets run here; the ones that need the datapath go to the host (IOdpExecuteHost). The batch is
// consumed: on return it is empty and every packet has been sent, queued or released.
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class OdpExecutor
{
    /// <summary>Runs actions on the batch; packets still held after the last action are dropped (released).</summary>
    public static void Execute(DpPacketBatch batch, ReadOnlySpan<byte> actions, IOdpExecuteHost host)
    {
        var reader = new NlAttrReader(actions);
        int offset = 0;
        while (!batch.IsEmpty && reader.MoveNext())
        {
            int start = offset;
            offset = reader.Offset;
            var attr = reader.Current;
            bool last = reader.Leftover == 0;
            ReadOnlySpan<byte> whole = actions[start..offset];
            if (NeedsHost(attr.Type))
            {
                if (last)
                {
                    host.Execute(batch, whole);
                }
                else
                {
                    var copy = CopyBatch(batch);
                    host.Execute(copy, whole);
                }

                continue;
            }

            // Packet-changing actions are not run yet: drop rather than forward a packet that was meant to change.
            batch.ReleaseAll();
        }

        batch.ReleaseAll();
    }

    /// <summary>Whether the action needs the datapath (ports, recirculation, userspace, tunnels, conntrack, meters).</summary>
    public static bool NeedsHost(ushort type) => type switch
    {
        OdpActionAttr.Output or OdpActionAttr.LbOutput or OdpActionAttr.Recirc or OdpActionAttr.Userspace
            or OdpActionAttr.TunnelPush or OdpActionAttr.TunnelPop or OdpActionAttr.Ct or OdpActionAttr.CtClear
            or OdpActionAttr.Meter => true,
        _ => false,
    };

    private static DpPacketBatch CopyBatch(DpPacketBatch batch)
    {
        var copy = new DpPacketBatch();
        for (int i = 0; i < batch.Count; i++)
        {
            var packet = batch[i];
            var clone = packet.Pool?.Rent() ?? new DpPacket(packet.Capacity - packet.Headroom0, packet.Headroom0);
            if (packet.TryCopyTo(clone))
            {
                copy.Add(clone);
            }
            else
            {
                clone.Release();
            }
        }

        return copy;
    }
}
