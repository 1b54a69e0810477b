// Upstream: lib/ofp-packet.c, ofputil_decode_packet_in(), decode_nx_packet_in2(),
// ofputil_decode_packet_in_private() and the ofputil_encode_*packet_in*() functions (OVS 3.1).
// Every form of packet-in: OpenFlow 1.0 (in_port only), 1.1 (in_port, table), 1.2 (OXM metadata), 1.3+ (plus a
// cookie), NXT_PACKET_IN (NXM metadata and cookie), and the property-based NXT_PACKET_IN2 / NXT_RESUME, whose
// continuation (bridge, stack, mirrors, conntrack, actions, ...) is kept as its parts, with action lists as raw
// OpenFlow bytes. A missing cookie reads as all-ones, an unbuffered packet's buffer id as all-ones. Decoding is
// PacketInView's (which allocates nothing); this class owns copies of the bytes and encodes.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed class PacketIn
{
    // NXT_PACKET_IN2 property types.
    public const ushort PropPacket = 0;
    public const ushort PropFullLen = 1;
    public const ushort PropBufferId = 2;
    public const ushort PropTableId = 3;
    public const ushort PropCookie = 4;
    public const ushort PropReason = 5;
    public const ushort PropMetadata = 6;
    public const ushort PropUserdata = 7;
    public const ushort PropContinuation = 8;

    // Continuation property types (private to the switch).
    public const ushort ContBridge = 0x8000;
    public const ushort ContStack = 0x8001;
    public const ushort ContMirrors = 0x8002;
    public const ushort ContConntracked = 0x8003;
    public const ushort ContTableId = 0x8004;
    public const ushort ContCookie = 0x8005;
    public const ushort ContActions = 0x8006;
    public const ushort ContActionSet = 0x8007;
    public const ushort ContOdpPort = 0x8008;

    public Match FlowMetadata;

    public ulong Cookie = ulong.MaxValue;

    public byte Reason { get; set; }

    public byte TableId { get; set; }

    public uint BufferId { get; set; } = uint.MaxValue;

    public int TotalLength { get; set; }

    public byte[] Packet { get; set; } = [];

    public byte[] Userdata { get; set; } = [];

    /// <summary>Whether the NXT_PACKET_IN2 had a continuation property (even an empty one).</summary>
    public bool HasContinuation { get; set; }

    public byte[]? Bridge { get; set; }

    /// <summary>Stack entries, top first.</summary>
    public List<byte[]> Stack { get; } = [];

    public uint Mirrors { get; set; }

    public bool Conntracked { get; set; }

    public byte ContinuationTableId { get; set; }

    public ulong ContinuationCookie { get; set; }

    /// <summary>The continuation's action list (OpenFlow actions of the message's version), or null.</summary>
    public byte[]? Actions { get; set; }

    /// <summary>The table and cookie in effect when the actions were read (upstream's unroll_xlate).</summary>
    public byte ActionsTableId { get; set; }

    public ulong ActionsCookie { get; set; }

    public byte[]? ActionSet { get; set; }

    /// <summary>A continuation's nested properties as a controller received them, sent back unchanged (NXT_RESUME).</summary>
    public byte[]? RawContinuation { get; set; }

    /// <summary>
    /// A switch's frozen actions to send instead of <see cref="Actions"/>: a list in which unroll_xlate actions mark
    /// table and cookie changes, encoded as ContinuationActions does.
    /// </summary>
    public IReadOnlyList<Ovs.OpenFlow.Actions.OfpAct>? FrozenActions { get; set; }

    public uint OdpPort { get; set; }

    /// <summary>
    /// Decodes a packet-in of any form into an object that owns its bytes; body is what follows the message's own
    /// header. The decoding is <see cref="PacketInView.TryDecode"/>'s; use that directly to allocate nothing.
    /// </summary>
    public static OfpError TryDecode(OfpRaw raw, byte version, ReadOnlySpan<byte> body, OfpWarningSink? warn, out PacketIn pin)
    {
        pin = new PacketIn();
        OfpError error = PacketInView.TryDecode(raw, version, body, warn, out PacketInView view, out pin.FlowMetadata);
        if (error == OfpError.None)
        {
            pin.CopyFrom(in view);
        }

        return error;
    }

    private void CopyFrom(scoped in PacketInView view)
    {
        Cookie = view.Cookie;
        Reason = view.Reason;
        TableId = view.TableId;
        BufferId = view.BufferId;
        TotalLength = view.TotalLength;
        Packet = view.Packet.ToArray();
        Userdata = view.Userdata.ToArray();
        HasContinuation = view.HasContinuation;
        Bridge = view.HasBridge ? view.Bridge.ToArray() : null;
        foreach (ReadOnlySpan<byte> entry in view.GetStackEnumerator())
        {
            Stack.Add(entry.ToArray());
        }

        Mirrors = view.Mirrors;
        Conntracked = view.Conntracked;
        ContinuationTableId = view.ContinuationTableId;
        ContinuationCookie = view.ContinuationCookie;
        Actions = view.HasActions ? view.Actions.ToArray() : null;
        ActionsTableId = view.ActionsTableId;
        ActionsCookie = view.ActionsCookie;
        ActionSet = view.HasActionSet ? view.ActionSet.ToArray() : null;
        OdpPort = view.OdpPort;
    }

    /// <summary>Encodes as raw in version (the continuation of NXT_PACKET_IN2/NXT_RESUME included).</summary>
    public void Encode(OfpRaw raw, byte version, uint xid, IBufferWriter<byte> writer)
    {
        var body = new ArrayBufferWriter<byte>(128 + Packet.Length);
        Span<byte> f;
        switch (raw)
        {
            case OfpRaw.Ofpt10PacketIn:
                f = body.GetSpan(10)[..10];
                f.Clear();
                BinaryPrimitives.WriteUInt32BigEndian(f, BufferId);
                BinaryPrimitives.WriteUInt16BigEndian(f[4..], (ushort)TotalLength);
                BinaryPrimitives.WriteUInt16BigEndian(f[6..], FlowMetadata.Flow.U16(FlowLayout.InPort));
                f[8] = Reason;
                body.Advance(10);
                break;

            case OfpRaw.Ofpt11PacketIn:
                f = body.GetSpan(16)[..16];
                f.Clear();
                BinaryPrimitives.WriteUInt32BigEndian(f, BufferId);
                uint port = FieldAccess.Ofp10ToOfp11(FlowMetadata.Flow.U16(FlowLayout.InPort));
                BinaryPrimitives.WriteUInt32BigEndian(f[4..], port);
                BinaryPrimitives.WriteUInt32BigEndian(f[8..], port);
                BinaryPrimitives.WriteUInt16BigEndian(f[12..], (ushort)TotalLength);
                f[14] = Reason;
                f[15] = TableId;
                body.Advance(16);
                break;

            case OfpRaw.Ofpt12PacketIn or OfpRaw.Ofpt13PacketIn:
                {
                    int fixedSize = raw == OfpRaw.Ofpt13PacketIn ? 16 : 8;
                    f = body.GetSpan(fixedSize)[..fixedSize];
                    f.Clear();
                    BinaryPrimitives.WriteUInt32BigEndian(f, BufferId);
                    BinaryPrimitives.WriteUInt16BigEndian(f[4..], (ushort)TotalLength);
                    f[6] = Reason;
                    f[7] = TableId;
                    if (raw == OfpRaw.Ofpt13PacketIn)
                    {
                        BinaryPrimitives.WriteUInt64BigEndian(f[8..], Cookie);
                    }

                    body.Advance(fixedSize);
                    NxmEncoder.EncodeOxmMatch(body, in FlowMetadata, version);
                    body.Write((ReadOnlySpan<byte>)[0, 0]);
                    break;
                }

            case OfpRaw.NxtPacketIn:
                {
                    var match = new ArrayBufferWriter<byte>(64);
                    int matchLength = NxmEncoder.EncodeNxMatch(match, in FlowMetadata);
                    f = body.GetSpan(24)[..24];
                    f.Clear();
                    BinaryPrimitives.WriteUInt32BigEndian(f, BufferId);
                    BinaryPrimitives.WriteUInt16BigEndian(f[4..], (ushort)TotalLength);
                    f[6] = Reason;
                    f[7] = TableId;
                    BinaryPrimitives.WriteUInt64BigEndian(f[8..], Cookie);
                    BinaryPrimitives.WriteUInt16BigEndian(f[16..], (ushort)matchLength);
                    body.Advance(24);
                    body.Write(match.WrittenSpan);
                    body.Write((ReadOnlySpan<byte>)[0, 0]);
                    break;
                }

            case OfpRaw.NxtPacketIn2 or OfpRaw.NxtResume:
                EncodeProperties(body, version);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(raw));
        }

        if (raw is not (OfpRaw.NxtPacketIn2 or OfpRaw.NxtResume))
        {
            body.Write(Packet);
        }

        Span<byte> span = OfpEncoder.Begin(writer, raw, version, xid, body.WrittenCount, out int total);
        body.WrittenSpan.CopyTo(span);
        writer.Advance(total);
    }

    private void EncodeProperties(ArrayBufferWriter<byte> body, byte version)
    {
        OfpProperty.Put(body, PropPacket, Packet);
        if (TotalLength != Packet.Length)
        {
            OfpProperty.PutU32(body, PropFullLen, (uint)TotalLength);
        }

        if (BufferId != uint.MaxValue)
        {
            OfpProperty.PutU32(body, PropBufferId, BufferId);
        }

        if (TableId != 0)
        {
            OfpProperty.PutU8(body, PropTableId, TableId);
        }

        if (Cookie != ulong.MaxValue)
        {
            OfpProperty.PutU64(body, PropCookie, Cookie);
        }

        OfpProperty.PutU8(body, PropReason, Reason);

        var metadata = new ArrayBufferWriter<byte>(64);
        NxmEncoder.EncodeEntries(metadata, in FlowMetadata, 4);
        OfpProperty.Put(body, PropMetadata, metadata.WrittenSpan);
        if (Userdata.Length > 0)
        {
            OfpProperty.Put(body, PropUserdata, Userdata);
        }

        if (RawContinuation is not null)
        {
            OfpProperty.Put(body, PropContinuation, [0, 0, 0, 0, .. RawContinuation]);
            return;
        }

        if (!HasContinuation)
        {
            return;
        }

        var nested = new ArrayBufferWriter<byte>(64);
        nested.Write((ReadOnlySpan<byte>)[0, 0, 0, 0]);
        if (Bridge is not null)
        {
            OfpProperty.Put(nested, ContBridge, Bridge);
        }

        foreach (byte[] entry in Stack)
        {
            OfpProperty.Put(nested, ContStack, entry);
        }

        if (Mirrors != 0)
        {
            OfpProperty.PutU32(nested, ContMirrors, Mirrors);
        }

        if (Conntracked)
        {
            OfpProperty.Put(nested, ContConntracked, default);
        }

        if (FrozenActions is not null)
        {
            ContinuationActions.Put(nested, FrozenActions, version);
        }
        else if (Actions is not null)
        {
            if (ContinuationTableId != 0)
            {
                OfpProperty.PutU8(nested, ContTableId, ContinuationTableId);
            }

            if (ContinuationCookie != 0)
            {
                OfpProperty.PutU64(nested, ContCookie, ContinuationCookie);
            }

            OfpProperty.Put(nested, ContActions, [0, 0, 0, 0, .. Actions]);
        }

        if (ActionSet is not null)
        {
            OfpProperty.Put(nested, ContActionSet, [0, 0, 0, 0, .. ActionSet]);
        }

        if (OdpPort != 0)
        {
            OfpProperty.PutU32(nested, ContOdpPort, OdpPort);
        }

        OfpProperty.Put(body, PropContinuation, nested.WrittenSpan);
    }

    /// <summary>ofputil_packet_in_reason_to_string().</summary>
    public static string ReasonName(byte reason) => reason switch
    {
        0 => "no_match",
        1 => "action",
        2 => "invalid_ttl",
        3 => "action_set",
        4 => "group",
        5 => "packet_out",
        6 or 7 => string.Empty,
        _ => reason.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
