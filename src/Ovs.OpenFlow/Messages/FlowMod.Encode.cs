// Upstream: ofputil_encode_flow_mod() and ofputil_tid_command() in lib/ofp-flow.c (OVS 3.1).
//
// A flow_mod for one flow protocol: OpenFlow 1.0 with its 40-byte match, NXT_FLOW_MOD with an NXM match (carrying
// the cookie to match, if any), or OpenFlow 1.1+ with a standard or OXM match and instructions. The "+table_id"
// protocols put the table id in the command's high byte.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed partial class FlowMod
{
    /// <summary>The OpenFlow version a single protocol uses.</summary>
    public static byte VersionOf(ProtocolSet protocol) => protocol switch
    {
        ProtocolSet.Of10Std or ProtocolSet.Of10StdTid or ProtocolSet.Of10Nxm or ProtocolSet.Of10NxmTid => 1,
        ProtocolSet.Of11Std => 2,
        ProtocolSet.Of12Oxm => 3,
        ProtocolSet.Of13Oxm => 4,
        ProtocolSet.Of14Oxm => 5,
        ProtocolSet.Of15Oxm => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), "not a single flow protocol"),
    };

    /// <summary>Encodes this flow_mod for <paramref name="protocol"/> (exactly one protocol) with <paramref name="xid"/>.</summary>
    public void Encode(ProtocolSet protocol, uint xid, IBufferWriter<byte> writer)
    {
        byte version = VersionOf(protocol);
        ushort flags = OfpFlowModFlagCodec.Encode(Flags, version);
        var body = new ArrayBufferWriter<byte>(128);
        OfpRaw raw;
        switch (protocol)
        {
            case ProtocolSet.Of10Std or ProtocolSet.Of10StdTid:
                {
                    raw = OfpRaw.Ofpt10FlowMod;
                    Span<byte> f = body.GetSpan(64)[..64];
                    f.Clear();
                    Ofp10Match.Encode(in Match, f);
                    BinaryPrimitives.WriteUInt64BigEndian(f[40..], NewCookie);
                    BinaryPrimitives.WriteUInt16BigEndian(f[48..], TidCommand(protocol));
                    BinaryPrimitives.WriteUInt16BigEndian(f[50..], IdleTimeout);
                    BinaryPrimitives.WriteUInt16BigEndian(f[52..], HardTimeout);
                    BinaryPrimitives.WriteUInt16BigEndian(f[54..], Priority);
                    BinaryPrimitives.WriteUInt32BigEndian(f[56..], BufferId);
                    BinaryPrimitives.WriteUInt16BigEndian(f[60..], OutPort);
                    BinaryPrimitives.WriteUInt16BigEndian(f[62..], flags);
                    body.Advance(64);
                    OfpActions.EncodeActions(Actions, version, body);
                    break;
                }

            case ProtocolSet.Of10Nxm or ProtocolSet.Of10NxmTid:
                {
                    raw = OfpRaw.NxtFlowMod;
                    var match = new ArrayBufferWriter<byte>(64);
                    int matchLength = NxmEncoder.EncodeNxMatch(match, in Match, Cookie, CookieMask);
                    Span<byte> f = body.GetSpan(32)[..32];
                    f.Clear();
                    BinaryPrimitives.WriteUInt64BigEndian(f, NewCookie);
                    BinaryPrimitives.WriteUInt16BigEndian(f[8..], TidCommand(protocol));
                    BinaryPrimitives.WriteUInt16BigEndian(f[10..], IdleTimeout);
                    BinaryPrimitives.WriteUInt16BigEndian(f[12..], HardTimeout);
                    BinaryPrimitives.WriteUInt16BigEndian(f[14..], Priority);
                    BinaryPrimitives.WriteUInt32BigEndian(f[16..], BufferId);
                    BinaryPrimitives.WriteUInt16BigEndian(f[20..], OutPort);
                    BinaryPrimitives.WriteUInt16BigEndian(f[22..], flags);
                    BinaryPrimitives.WriteUInt16BigEndian(f[24..], (ushort)matchLength);
                    body.Advance(32);
                    body.Write(match.WrittenSpan);
                    OfpActions.EncodeActions(Actions, version, body);
                    break;
                }

            default:
                raw = OfpRaw.Ofpt11FlowMod;
                EncodeOf11(protocol, version, flags, body);
                break;
        }

        Span<byte> span = OfpEncoder.Begin(writer, raw, version, xid, body.WrittenCount, out int total);
        body.WrittenSpan.CopyTo(span);
        writer.Advance(total);
    }

    private void EncodeOf11(ProtocolSet protocol, byte version, ushort flags, ArrayBufferWriter<byte> body)
    {
        bool delete = Command is FlowModCommand.Delete or FlowModCommand.DeleteStrict;
        Span<byte> f = body.GetSpan(40)[..40];
        f.Clear();
        bool setsCookie = Command == FlowModCommand.Add
            || (protocol == ProtocolSet.Of11Std && Command is FlowModCommand.Modify or FlowModCommand.ModifyStrict && CookieMask == 0);
        BinaryPrimitives.WriteUInt64BigEndian(f, setsCookie ? NewCookie : Cookie & CookieMask);
        BinaryPrimitives.WriteUInt64BigEndian(f[8..], CookieMask);

        // "All tables" is only meaningful for a delete from OpenFlow 1.2 on; otherwise it becomes table 0.
        f[16] = TableId != TableAll || (protocol != ProtocolSet.Of11Std && delete) ? TableId : (byte)0;
        f[17] = (byte)Command;
        BinaryPrimitives.WriteUInt16BigEndian(f[18..], IdleTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(f[20..], HardTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(f[22..], Priority);
        BinaryPrimitives.WriteUInt32BigEndian(f[24..], BufferId);
        BinaryPrimitives.WriteUInt32BigEndian(f[28..], Ovs.Flow.FieldAccess.Ofp10ToOfp11(OutPort));
        BinaryPrimitives.WriteUInt32BigEndian(f[32..], OutGroup);
        BinaryPrimitives.WriteUInt16BigEndian(f[36..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(f[38..], version >= 5 && Command == FlowModCommand.Add ? Importance : (ushort)0);
        body.Advance(40);
        MatchCodec.PutOfp11Match(body, in Match, version);
        OfpActions.EncodeInstructions(Actions, version, body);
    }

    private ushort TidCommand(ProtocolSet protocol) =>
        (protocol & (ProtocolSet.Of10StdTid | ProtocolSet.Of10NxmTid)) != 0 ? (ushort)((byte)Command | (TableId << 8)) : (ushort)Command;
}
