// Upstream: lib/ofp-packet.c, ofputil_decode_packet_out() and ofputil_encode_packet_out() (OVS 3.1).
// OFPT_PACKET_OUT in its three layouts: OpenFlow 1.0 (buffer id, 16-bit in_port, actions length), 1.1 to 1.4 (a
// 32-bit in_port and padding) and 1.5 (the in_port and other pipeline metadata as an OXM match, decoded loosely but
// limited to pipeline fields). Then the actions, then the packet, which is only meaningful (and only kept) when the
// buffer id is all-ones. Decoding checks the input port last, after the actions, as upstream does, so a message with
// both a bad port and a bad action reports the action.
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed class PacketOut
{
    public const uint NoBuffer = uint.MaxValue;

    /// <summary>The packet's metadata: always the input port, in OpenFlow 1.5 possibly more pipeline fields.</summary>
    public Match FlowMetadata;

    public uint BufferId { get; set; } = NoBuffer;

    public List<OfpAct> Actions { get; set; } = [];

    /// <summary>The packet to send; empty when the switch has it buffered.</summary>
    public byte[] Packet { get; set; } = [];

    public ushort InPort => FlowMetadata.Flow.U16(FlowLayout.InPort);

    public void SetInPort(ushort port) =>
        FieldAccess.SetExact(ref FlowMetadata, FieldTable.Get(FieldId.InPort), [(byte)(port >> 8), (byte)port]);

    /// <summary>Decodes a packet-out of any version; body is what follows the OpenFlow header.</summary>
    public static OfpError TryDecode(OfpRaw raw, byte version, ReadOnlySpan<byte> body, OfpWarningSink? warn, out PacketOut po)
    {
        po = new PacketOut { BufferId = BinaryPrimitives.ReadUInt32BigEndian(body) };
        uint actionsLength;
        ReadOnlySpan<byte> rest;
        switch (raw)
        {
            case OfpRaw.Ofpt10PacketOut:
                po.SetInPort(BinaryPrimitives.ReadUInt16BigEndian(body[4..]));
                actionsLength = BinaryPrimitives.ReadUInt16BigEndian(body[6..]);
                rest = body[8..];
                break;

            case OfpRaw.Ofpt11PacketOut:
                {
                    uint port = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    if (!PhyPort.TryPortFrom11(port, out ushort inPort))
                    {
                        warn?.Invoke("ofp_port", OfpLogLevel.Warn, $"port {port} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff");
                        return OfpError.OfpbacBadOutPort;
                    }

                    po.SetInPort(inPort);
                    actionsLength = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
                    rest = body[16..];
                    break;
                }

            case OfpRaw.Ofpt15PacketOut:
                {
                    actionsLength = BinaryPrimitives.ReadUInt16BigEndian(body[4..]);
                    rest = body[8..];
                    OfpError error = MatchCodec.PullOxmMatch(rest, strict: false, warn, out po.FlowMetadata, out int consumed, pipelineFieldsOnly: true);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    if (po.FlowMetadata.Wildcards.Masks.U16(FlowLayout.InPort) == 0)
                    {
                        return OfpError.OfpbrcBadPort;
                    }

                    rest = rest[consumed..];
                    break;
                }

            default:
                return OfpError.OfpbrcBadType;
        }

        OfpError actionError = ActionPull.Actions(rest, actionsLength, version, warn, out List<OfpAct> actions);
        if (actionError != OfpError.None)
        {
            return actionError;
        }

        ushort p = po.InPort;
        if (p >= OfpPorts.Max && p is not OfpPorts.Local and not OfpPorts.None and not OfpPorts.Controller)
        {
            warn?.Invoke("ofp_packet", OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"packet-out has bad input port 0x{p:x}"));
            return OfpError.OfpbrcBadPort;
        }

        po.Actions = actions;
        if (po.BufferId == NoBuffer)
        {
            po.Packet = rest[(int)actionsLength..].ToArray();
        }

        return OfpError.None;
    }

    /// <summary>Encodes for <paramref name="version"/> (1 = OpenFlow 1.0 ... 6 = OpenFlow 1.5) with <paramref name="xid"/>.</summary>
    public void Encode(byte version, uint xid, IBufferWriter<byte> writer)
    {
        var actions = new ArrayBufferWriter<byte>(64);
        OfpActions.EncodeActions(Actions, version, actions);
        var body = new ArrayBufferWriter<byte>(64 + actions.WrittenCount + Packet.Length);
        OfpRaw raw;
        if (version == 1)
        {
            raw = OfpRaw.Ofpt10PacketOut;
            Span<byte> f = body.GetSpan(8)[..8];
            BinaryPrimitives.WriteUInt32BigEndian(f, BufferId);
            BinaryPrimitives.WriteUInt16BigEndian(f[4..], InPort);
            BinaryPrimitives.WriteUInt16BigEndian(f[6..], (ushort)actions.WrittenCount);
            body.Advance(8);
        }
        else if (version < 6)
        {
            raw = OfpRaw.Ofpt11PacketOut;
            Span<byte> f = body.GetSpan(16)[..16];
            f.Clear();
            BinaryPrimitives.WriteUInt32BigEndian(f, BufferId);
            BinaryPrimitives.WriteUInt32BigEndian(f[4..], FieldAccess.Ofp10ToOfp11(InPort));
            BinaryPrimitives.WriteUInt16BigEndian(f[8..], (ushort)actions.WrittenCount);
            body.Advance(16);
        }
        else
        {
            raw = OfpRaw.Ofpt15PacketOut;
            Span<byte> f = body.GetSpan(8)[..8];
            f.Clear();
            BinaryPrimitives.WriteUInt32BigEndian(f, BufferId);
            BinaryPrimitives.WriteUInt16BigEndian(f[4..], (ushort)actions.WrittenCount);
            body.Advance(8);
            MatchCodec.PutOfp11Match(body, in FlowMetadata, version);
        }

        body.Write(actions.WrittenSpan);
        if (BufferId == NoBuffer)
        {
            body.Write(Packet);
        }

        BodyMessage.Write(writer, raw, version, xid, body.WrittenSpan);
    }
}
