// Upstream: handle_packet_out() and ofproto_packet_out_init() of ofproto/ofproto.c, packet_xlate() and
// packet_execute() of ofproto/ofproto-dpif.c (OVS 3.1)
//
// OFPT_PACKET_OUT: a controller hands the switch a packet, the port it is to be taken as received on (or NONE,
// CONTROLLER, LOCAL), in OpenFlow 1.5 more pipeline metadata, and actions. A secondary controller may not send one;
// the switch keeps no buffers, so any buffer id is unknown; the actions are checked as a flow's would be against the
// packet's flow (the packet's headers with the given metadata). Then the actions are translated like a rule's
// (they may resubmit into the tables) and the datapath runs the result on the packet, whose input port is the
// datapath port of the given OpenFlow port, or none.
// Threading: main loop only.
using Ovs.Dpif;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static class PacketOutHandler
{
    /// <summary>Handles a packet-out of any version; returns the OpenFlow error to send back, or None.</summary>
    public static OfpError Handle(Core.Ofproto ofproto, OfConnection connection, OfpRaw raw, byte version, ReadOnlySpan<byte> body)
    {
        if (connection.Role == ControllerRole.Secondary)
        {
            return OfpError.OfpbrcIsSecondary;
        }

        OfpError error = Prepare(raw, version, body, out PacketOut po, out FlowData flow);
        if (error != OfpError.None)
        {
            return error;
        }

        Execute(ofproto, po.Packet, in flow, po.Actions);
        return OfpError.None;
    }

    /// <summary>
    /// ofproto_packet_out_init(): decodes a packet-out, refuses buffer ids (the switch keeps none) and checks the
    /// actions against the packet's flow, which it returns for translation.
    /// </summary>
    public static OfpError Prepare(OfpRaw raw, byte version, ReadOnlySpan<byte> body, out PacketOut po, out FlowData flow)
    {
        flow = default;
        OfpError error = PacketOut.TryDecode(raw, version, body, null, out po);
        if (error != OfpError.None)
        {
            return error;
        }

        if (po.BufferId != PacketOut.NoBuffer)
        {
            return OfpError.OfpbrcBufferUnknown;
        }

        flow = PacketFlow(po.Packet, in po.FlowMetadata.Flow);
        var match = default(Match);
        match.Flow = flow;
        match.Wildcards.Masks.Bytes.Fill(0xff);
        return ActionChecker.Check(po.Actions, in match, 0, out _);
    }

    /// <summary>Translates <paramref name="actions"/> for <paramref name="packet"/> and runs the result on the datapath.</summary>
    public static XlateResult Execute(Core.Ofproto ofproto, byte[] packet, in FlowData flow, IReadOnlyList<OfpAct> actions)
    {
        var cache = new XlateCache();
        XlateResult result = Xlator.TranslateActions(ofproto.Xlate, in flow, actions, trace: false, sideEffects: true, cache: cache);
        if (packet.Length == 0)
        {
            return result;
        }

        // The rules and groups the actions reached count the packet (upstream's packet_xlate() with resubmit_stats).
        cache.Push(new XlateStats(1, (ulong)packet.Length, ofproto.Tables.NowMs));

        // The packet's input port as a datapath port (none for NONE, CONTROLLER and ports the datapath does not have).
        XlatePort? inPort = ofproto.Xlate.Ports.ByOfPort(flow.U16(FlowLayout.InPort));
        ExecuteOnDatapath(ofproto, packet, inPort is null ? OdpFlowKey.InPortNone : inPort.DpPort, in flow, result);
        return result;
    }

    /// <summary>Runs a translation's datapath actions on packet, received on datapath port dpInPort.</summary>
    public static void ExecuteOnDatapath(Core.Ofproto ofproto, byte[] packet, uint dpInPort, in FlowData flow, XlateResult result)
    {
        // The packet's metadata for the datapath: its input port, priority and mark.
        FlowData md = default;
        md.SetU16(FlowLayout.InPort, (ushort)dpInPort);
        md.SetU32(FlowLayout.SkbPriority, flow.U32(FlowLayout.SkbPriority));
        md.SetU32(FlowLayout.PktMark, flow.U32(FlowLayout.PktMark));
        byte[] buffer = new byte[512];
        var writer = new NlWriter(buffer);
        OdpFlowKey.FromFlow(in md, default, ref writer);
        ofproto.Backer.Dpif.Execute(new DpifExecute(packet, writer.Written.ToArray(), result.OdpActions));
    }

    /// <summary>The packet's flow: its headers extracted, united with the pipeline metadata it came with.</summary>
    public static FlowData PacketFlow(ReadOnlySpan<byte> packet, in FlowData metadata)
    {
        var md = PacketMetadata.ForPort(metadata.U16(FlowLayout.InPort));
        md.PacketType = metadata.U32(FlowLayout.PacketType);
        FlowData flow = default;
        LayerOffsets offsets = default;
        FlowExtractor.Extract(packet, md, ref flow, ref offsets);
        Span<ulong> words = flow.WordSpan;
        ReadOnlySpan<ulong> extra = metadata.ReadOnlyWords;
        for (int i = 0; i < words.Length; i++)
        {
            words[i] |= extra[i];
        }

        return flow;
    }
}
