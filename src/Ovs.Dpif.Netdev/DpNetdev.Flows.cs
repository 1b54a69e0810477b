// Upstream: dpif_netdev_flow_put(), dpif_netdev_flow_get(), dpif_netdev_flow_del(), dpif_netdev_flow_flush(), the
// flow dump and dpif_netdev_flow_from_nlattrs()/dpif_netdev_mask_from_nlattrs() in lib/dpif-netdev.c (OVS 3.1).
//
// The dpif flow calls in datapath (ODP) form, over the datapath's flow table. A key or mask that does not decode
// perfectly is EINVAL, as is a mask that does not match in_port exactly; an empty mask means an exact-match flow. As
// upstream, a missing VLAN TCI mask means "no VLAN header", so the VID and CFI bits are matched. A flow is named by
// its UFID, or by the UFID hashed from its key when none is given, so get and del by key find what put by key
// installed. Errors: ENOENT (no such flow), EEXIST (create over an existing flow), EINVAL (neither create nor modify
// matched, bad key), EOPNOTSUPP (zeroing statistics, which this datapath does not do; the modify still happens).
using Ovs.Dpif.Netdev.Flows;
using Ovs.Dpif.Odp;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev;

internal sealed partial class DpNetdev
{
    private const ushort VlanVidAndCfi = 0x1fff;
    private const int KeyBufferSize = 2048;

    public int FlowPut(DpifFlowPut put, out DpifFlowStats stats)
    {
        stats = default;
        if (!TryDecodeMatch(put.Key.Span, put.Mask.Span, out FlowData flow, out FlowWildcards wildcards))
        {
            return Common.OvsErrno.EINVAL;
        }

        if (wildcards.Masks.U16(FlowLayout.InPort) != 0xffff)
        {
            return Common.OvsErrno.EINVAL;
        }

        if (wildcards.Masks.U16(FlowLayout.VlanTci) == 0)
        {
            wildcards.Masks.SetU16(FlowLayout.VlanTci, VlanVidAndCfi);
        }

        var flags = (FlowPutFlags)((int)put.Flags & (int)(FlowPutFlags.Create | FlowPutFlags.Modify | FlowPutFlags.ZeroStats));
        byte[]? oldActions = LogsFlowChanges ? Find(put.Key.Span, put.Ufid)?.Actions.Bytes.ToArray() : null;
        FlowTableError error = FlowTable.Put(flow, wildcards, put.Actions.Span, put.Ufid, flags, out DpNetdevFlowStats old, out DpNetdevFlow? changed);
        stats = ToDpifStats(old);
        if (error == FlowTableError.None && changed is not null && LogsFlowChanges)
        {
            LogFlowChange(changed, oldActions);
        }

        return (int)error;
    }

    public int FlowGet(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlow? flow)
    {
        flow = null;
        DpNetdevFlow? found = Find(key.Span, ufid);
        if (found is null)
        {
            return Common.OvsErrno.ENOENT;
        }

        flow = ToDpifFlow(found);
        return 0;
    }

    public int FlowDel(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlowStats stats)
    {
        stats = default;
        Ufid? id = ufid ?? UfidFromKey(key.Span);
        if (id is null)
        {
            return Common.OvsErrno.ENOENT;
        }

        FlowTableError error = FlowTable.Delete(id.Value, out DpNetdevFlowStats final);
        stats = ToDpifStats(final);
        return (int)error;
    }

    public int FlowFlush()
    {
        FlowTable.Flush();
        return 0;
    }

    public IReadOnlyList<DpifFlow> FlowDump()
    {
        var flows = new List<DpifFlow>();
        FlowDump dump = FlowTable.StartDump();
        while (dump.Next(out DpNetdevFlow flow))
        {
            flows.Add(ToDpifFlow(flow));
        }

        return flows;
    }

    /// <summary>Installs the flow an upcall handler asked for; a flow that is already there is not an error.</summary>
    internal void PutUpcallFlow(DpifFlowPut put) => FlowPut(put with { Flags = put.Flags | DpifFlowPutFlags.Create }, out _);

    private static bool TryDecodeMatch(ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, out FlowData flow, out FlowWildcards wildcards)
    {
        wildcards = default;
        if (OdpFlowKey.ToFlow(key, out flow) != OdpKeyFitness.Perfect)
        {
            return false;
        }

        if (mask.IsEmpty)
        {
            wildcards.Masks.Bytes.Fill(0xff);
            return true;
        }

        if (OdpFlowKey.ToMask(mask, flow, out FlowData bits) != OdpKeyFitness.Perfect)
        {
            return false;
        }

        wildcards.Masks = bits;
        return true;
    }

    private static Ufid? UfidFromKey(ReadOnlySpan<byte> key) =>
        OdpFlowKey.ToFlow(key, out FlowData flow) == OdpKeyFitness.Perfect ? Ufid.FromFlow(flow) : null;

    private DpNetdevFlow? Find(ReadOnlySpan<byte> key, Ufid? ufid)
    {
        Ufid? id = ufid ?? UfidFromKey(key);
        return id is null ? null : FlowTable.Get(id.Value);
    }

    /// <summary>A flow's key and mask as datapath (Netlink) key attributes.</summary>
    private static (byte[] Key, byte[] Mask) EncodeKeyAndMask(DpNetdevFlow flow)
    {
        Span<byte> buffer = stackalloc byte[KeyBufferSize];
        var writer = new Netlink.NlWriter(buffer);
        FlowData key = flow.Key;
        FlowData mask = flow.Mask.Masks;
        OdpFlowKey.FromFlow(key, mask, ref writer);
        byte[] keyBytes = writer.Written.ToArray();
        writer = new Netlink.NlWriter(buffer);
        OdpFlowKey.FromMask(key, mask, ref writer);
        return (keyBytes, writer.Written.ToArray());
    }

    private static DpifFlow ToDpifFlow(DpNetdevFlow flow)
    {
        (byte[] keyBytes, byte[] maskBytes) = EncodeKeyAndMask(flow);
        FlowData key = flow.Key;
        FlowData mask = flow.Mask.Masks;
        // Every flow of ours lives in the one table that upstream gives the main (non-PMD) thread, which is where
        // upstream keeps the flows of ports that are not polled by PMD threads (dummy, system, tap, internal).
        var attrs = new DpifFlowAttrs(false, "ovs", Flows.MiniflowBits.Format(key, mask));
        return new DpifFlow(keyBytes, maskBytes, flow.Actions.Bytes, flow.Ufid, ToDpifStats(flow.GetStats()), attrs, DpifFlow.NonPmdCoreId);
    }

    private static DpifFlowStats ToDpifStats(DpNetdevFlowStats s) => new(s.Packets, s.Bytes, s.UsedMs, s.TcpFlags);
}
