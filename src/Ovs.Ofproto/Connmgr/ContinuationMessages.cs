// Upstream: the continuation part of process_upcall()'s CONTROLLER_UPCALL case (ofproto/ofproto-dpif-upcall.c),
// handle_nxt_resume() (ofproto/ofproto.c) and nxt_resume() (ofproto/ofproto-dpif.c) (OVS 3.1), as behaviour.
//
// A paused packet goes to the controllers with its continuation: the bridge, the data stack (top first), the frozen
// actions, the action set and the datapath port the packet came in on. Only NXT_PACKET_IN2 can carry one; the other
// packet-in forms leave it out. NXT_RESUME hands a continuation back: the bridge it names must still exist (else
// NXR_STALE), the packet's flow is its headers with the metadata it paused with, and translation resumes from the
// frozen actions; the datapath runs the result on the packet, taken as received on the continuation's datapath port,
// and the rules it went through count the packet.
using System.Buffers.Binary;
using Ovs.Dpif;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Upcall;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static class ContinuationMessages
{
    /// <summary>Adds a pause's continuation to an NXT_PACKET_IN2 about to be encoded in version.</summary>
    public static void AddContinuation(PacketIn pin, ControllerCookie cookie, FrozenState frozen, byte version)
    {
        pin.HasContinuation = true;
        pin.Bridge = BridgeBytes(cookie.Bridge);
        for (int i = frozen.Stack.Count - 1; i >= 0; i--)
        {
            pin.Stack.Add(frozen.Stack[i]);
        }

        pin.FrozenActions = frozen.Actions;
        if (frozen.ActionSet.Count > 0)
        {
            var set = new System.Buffers.ArrayBufferWriter<byte>(64);
            OfpActions.EncodeActions(frozen.ActionSet, version, set);
            pin.ActionSet = set.WrittenSpan.ToArray();
        }

        pin.OdpPort = frozen.OdpPort;
    }

    /// <summary>
    /// A bridge UUID as the continuation carries it: its four 32-bit words in the order the UUID is written, each
    /// least significant byte first (upstream's struct uuid in a little-endian switch's memory).
    /// </summary>
    public static byte[] BridgeBytes(Guid uuid)
    {
        Span<byte> rfc = stackalloc byte[16];
        uuid.TryWriteBytes(rfc, bigEndian: true, out _);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i += 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i), BinaryPrimitives.ReadUInt32BigEndian(rfc[i..]));
        }

        return bytes;
    }

    /// <summary>The inverse of <see cref="BridgeBytes"/>.</summary>
    public static Guid BridgeUuid(ReadOnlySpan<byte> bytes)
    {
        Span<byte> rfc = stackalloc byte[16];
        for (int i = 0; i < 16; i += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(rfc[i..], BinaryPrimitives.ReadUInt32LittleEndian(bytes[i..]));
        }

        return new Guid(rfc, bigEndian: true);
    }

    /// <summary>NXT_RESUME: resumes the paused translation and runs the result on the packet.</summary>
    public static OfpError Resume(Core.Ofproto ofproto, byte version, ReadOnlySpan<byte> body)
    {
        OfpError error = PacketInView.TryDecode(OfpRaw.NxtResume, version, body, null, out PacketInView pin, out Match metadata);
        if (error != OfpError.None)
        {
            return error;
        }

        error = Decode(in pin, version, out XlateContinuation continuation);
        if (error != OfpError.None)
        {
            return error;
        }

        IXlateBridge? bridge = pin.HasBridge ? FindBridge(ofproto, BridgeUuid(pin.Bridge)) : null;
        if (bridge is null)
        {
            return OfpError.NxrStale;
        }

        byte[] packet = pin.Packet.ToArray();
        FlowData flow = PacketOutHandler.PacketFlow(packet, in metadata.Flow);
        var cache = new XlateCache();
        XlateResult result = Xlator.Resume(bridge, in flow, continuation, cache);
        cache.Push(new XlateStats(1, (ulong)packet.Length, ofproto.Tables.NowMs));
        PacketOutHandler.ExecuteOnDatapath(ofproto, packet, pin.OdpPort, in flow, result);
        return OfpError.None;
    }

    /// <summary>The continuation's stack (bottom first), frozen actions and action set.</summary>
    public static OfpError Decode(scoped in PacketInView pin, byte version, out XlateContinuation continuation)
    {
        continuation = new XlateContinuation([], [], []);
        OfpError error = ContinuationActions.Read(pin.Continuation, version, null, out List<OfpAct> actions);
        List<OfpAct> actionSet = [];
        if (error == OfpError.None && pin.HasActionSet)
        {
            error = OfpActions.DecodeActions(pin.ActionSet, version, out actionSet);
        }

        if (error != OfpError.None)
        {
            return error;
        }

        var stack = new List<byte[]>();
        foreach (ReadOnlySpan<byte> entry in pin.GetStackEnumerator())
        {
            stack.Insert(0, entry.ToArray());
        }

        continuation = new XlateContinuation(stack, actions, actionSet);
        return OfpError.None;
    }

    /// <summary>The bridge with ofproto UUID <paramref name="uuid"/>: this one, or another on the same datapath.</summary>
    private static IXlateBridge? FindBridge(Core.Ofproto ofproto, Guid uuid)
    {
        if (ofproto.Xlate.Uuid == uuid)
        {
            return ofproto.Xlate;
        }

        foreach (IXlateBridge bridge in ofproto.Backer.Upcalls.Bridges)
        {
            if (bridge.Uuid == uuid)
            {
                return bridge;
            }
        }

        return null;
    }
}
