// Upstream: lib/ofp-packet.c, ofputil_decode_packet_in(), decode_nx_packet_in2() and
// ofputil_decode_packet_in_private() (OVS 3.1), as behaviour.
// The one packet-in decoder: a view over the message's bytes that allocates nothing. Every form is read here
// (OpenFlow 1.0 in_port only, 1.1 in_port and table, 1.2 OXM metadata, 1.3+ plus a cookie, NXT_PACKET_IN with NXM
// metadata and cookie, and the property-based NXT_PACKET_IN2 / NXT_RESUME with their continuation); the packet,
// userdata, bridge, action lists and stack entries stay slices of the message, and the flow metadata is decoded into
// a Match the caller provides. PacketIn (the class ofp-print's round trips and encoders use) is built from this view.
using System.Buffers.Binary;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>A decoded packet-in whose variable parts are slices of the message it was decoded from.</summary>
internal ref struct PacketInView
{
    /// <summary>The cookie; all-ones when the form has none.</summary>
    public ulong Cookie;

    /// <summary>The buffer id; all-ones when the packet is not buffered.</summary>
    public uint BufferId;

    public int TotalLength;

    public byte Reason;

    public byte TableId;

    /// <summary>The packet (or as much of it as was sent).</summary>
    public ReadOnlySpan<byte> Packet;

    /// <summary>The NXT_PACKET_IN2 userdata, empty when absent.</summary>
    public ReadOnlySpan<byte> Userdata;

    /// <summary>Whether the NXT_PACKET_IN2 had a continuation property (even an empty one).</summary>
    public bool HasContinuation;

    /// <summary>The continuation's nested properties, as sent (read again by <see cref="GetStackEnumerator"/>).</summary>
    public ReadOnlySpan<byte> Continuation;

    public bool HasBridge;

    /// <summary>The 16-byte bridge UUID of the continuation (valid when <see cref="HasBridge"/>).</summary>
    public ReadOnlySpan<byte> Bridge;

    public int StackCount;

    public uint Mirrors;

    public bool Conntracked;

    public byte ContinuationTableId;

    public ulong ContinuationCookie;

    public bool HasActions;

    /// <summary>The continuation's action list, OpenFlow actions of the message's version (when <see cref="HasActions"/>).</summary>
    public ReadOnlySpan<byte> Actions;

    /// <summary>The table and cookie in effect when the actions were read (upstream's unroll_xlate).</summary>
    public byte ActionsTableId;

    public ulong ActionsCookie;

    public bool HasActionSet;

    public ReadOnlySpan<byte> ActionSet;

    public uint OdpPort;

    /// <summary>
    /// Decodes a packet-in of any form; body is what follows the message's own header. The flow metadata goes into
    /// <paramref name="metadata"/>. Nothing is allocated unless a warning is reported to <paramref name="warn"/>.
    /// </summary>
    public static OfpError TryDecode(
        OfpRaw raw, byte version, ReadOnlySpan<byte> body, OfpWarningSink? warn, out PacketInView view, out Match metadata)
    {
        _ = version;
        view = default;
        view.Cookie = ulong.MaxValue;
        view.BufferId = uint.MaxValue;
        metadata = default;
        switch (raw)
        {
            case OfpRaw.Ofpt12PacketIn or OfpRaw.Ofpt13PacketIn:
                {
                    int fixedSize = raw == OfpRaw.Ofpt13PacketIn ? 16 : 8;
                    OfpError error = PullOxmLoose(body[fixedSize..], warn, out metadata, out int consumed);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    ReadOnlySpan<byte> rest = body[(fixedSize + consumed)..];
                    if (rest.Length < 2)
                    {
                        return OfpError.OfpbrcBadLen;
                    }

                    view.ReadFixed(body);
                    if (raw == OfpRaw.Ofpt13PacketIn)
                    {
                        view.Cookie = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
                    }

                    view.Packet = rest[2..];
                    return OfpError.None;
                }

            case OfpRaw.Ofpt10PacketIn:
                view.BufferId = BinaryPrimitives.ReadUInt32BigEndian(body);
                view.TotalLength = BinaryPrimitives.ReadUInt16BigEndian(body[4..]);
                SetInPort(ref metadata, BinaryPrimitives.ReadUInt16BigEndian(body[6..]));
                view.Reason = body[8];
                view.Packet = body[10..];
                return OfpError.None;

            case OfpRaw.Ofpt11PacketIn:
                {
                    view.BufferId = BinaryPrimitives.ReadUInt32BigEndian(body);
                    uint port = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    if (!PhyPort.TryPortFrom11(port, out ushort inPort))
                    {
                        warn?.Invoke("ofp_port", OfpLogLevel.Warn, $"port {port} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff");
                        return OfpError.OfpbacBadOutPort;
                    }

                    SetInPort(ref metadata, inPort);
                    view.TotalLength = BinaryPrimitives.ReadUInt16BigEndian(body[12..]);
                    view.Reason = body[14];
                    view.TableId = body[15];
                    view.Packet = body[16..];
                    return OfpError.None;
                }

            case OfpRaw.NxtPacketIn:
                {
                    int matchLength = BinaryPrimitives.ReadUInt16BigEndian(body[16..]);
                    ReadOnlySpan<byte> rest = body[24..];
                    OfpError error = MatchCodec.PullNxMatch(rest, matchLength, strict: false, warn, out metadata, out _, out _);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    rest = rest[((matchLength + 7) & ~7)..];
                    if (rest.Length < 2)
                    {
                        return OfpError.OfpbrcBadLen;
                    }

                    view.ReadFixed(body);
                    view.Cookie = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
                    view.Packet = rest[2..];
                    return OfpError.None;
                }

            case OfpRaw.NxtPacketIn2 or OfpRaw.NxtResume:
                return view.DecodeProperties(body, warn, ref metadata);

            default:
                return OfpError.OfpbrcBadType;
        }
    }

    /// <summary>The continuation's stack entries in the order sent (top first).</summary>
    public readonly StackEnumerator GetStackEnumerator() => new(Continuation);

    // buffer_id, total_len, reason and table_id, shared by the OpenFlow 1.2+ and Nicira forms.
    private void ReadFixed(ReadOnlySpan<byte> body)
    {
        BufferId = BinaryPrimitives.ReadUInt32BigEndian(body);
        TotalLength = BinaryPrimitives.ReadUInt16BigEndian(body[4..]);
        Reason = body[6];
        TableId = body[7];
    }

    private OfpError DecodeProperties(ReadOnlySpan<byte> properties, OfpWarningSink? warn, ref Match metadata)
    {
        uint fullLength = 0;
        bool havePacket = false;
        while (!properties.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref properties, out ulong type, out ReadOnlySpan<byte> payload);
            if (error != OfpError.None)
            {
                return error;
            }

            switch (type)
            {
                case PacketIn.PropPacket:
                    Packet = payload;
                    havePacket = payload.Length > 0;
                    break;
                case PacketIn.PropFullLen:
                    error = OfpProperty.ParseU32(payload, out fullLength);
                    break;
                case PacketIn.PropBufferId:
                    error = OfpProperty.ParseU32(payload, out BufferId);
                    break;
                case PacketIn.PropTableId:
                    error = OfpProperty.ParseU8(payload, out TableId);
                    break;
                case PacketIn.PropCookie:
                    error = OfpProperty.ParseU64(payload, out Cookie);
                    break;
                case PacketIn.PropReason:
                    error = OfpProperty.ParseU8(payload, out Reason);
                    break;
                case PacketIn.PropMetadata:
                    error = MatchCodec.PullEntries(payload, strict: false, allowCookie: false, warn, out metadata, out _, out _);
                    break;
                case PacketIn.PropUserdata:
                    Userdata = payload;
                    break;
                case PacketIn.PropContinuation:
                    // ofpprop_parse_nested: the nested properties start at the first 8-byte boundary.
                    if (payload.Length < 4)
                    {
                        error = OfpError.OfpbpcBadLen;
                    }
                    else
                    {
                        HasContinuation = true;
                        Continuation = payload[4..];
                    }

                    break;
                default:
                    // Loose: unknown properties are skipped.
                    break;
            }

            if (error != OfpError.None)
            {
                return error;
            }
        }

        if (!havePacket)
        {
            warn?.Invoke("ofp_packet", OfpLogLevel.Warn, "NXT_PACKET_IN2 lacks packet");
            return OfpError.OfpbrcBadLen;
        }

        if (fullLength == 0)
        {
            TotalLength = Packet.Length;
        }
        else if (fullLength < Packet.Length)
        {
            warn?.Invoke("ofp_packet", OfpLogLevel.Warn, "NXT_PACKET_IN2 claimed full_len < len");
            return OfpError.OfpbrcBadLen;
        }
        else
        {
            TotalLength = (int)Math.Min(fullLength, int.MaxValue);
        }

        return DecodeContinuation(Continuation, warn);
    }

    private OfpError DecodeContinuation(ReadOnlySpan<byte> data, OfpWarningSink? warn)
    {
        while (!data.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref data, out ulong type, out ReadOnlySpan<byte> payload);
            if (error != OfpError.None)
            {
                return error;
            }

            switch (type)
            {
                case PacketIn.ContBridge:
                    if (payload.Length != 16)
                    {
                        return OfpError.OfpbpcBadLen;
                    }

                    HasBridge = true;
                    Bridge = payload;
                    break;
                case PacketIn.ContStack:
                    if (payload.Length > 128)
                    {
                        warn?.Invoke("ofp_packet", OfpLogLevel.Warn, $"NXCPT_STACK property has bad length {payload.Length}");
                        return OfpError.OfpbpcBadLen;
                    }

                    StackCount++;
                    break;
                case PacketIn.ContMirrors:
                    error = OfpProperty.ParseU32(payload, out Mirrors);
                    break;
                case PacketIn.ContConntracked:
                    Conntracked = true;
                    break;
                case PacketIn.ContTableId:
                    error = OfpProperty.ParseU8(payload, out ContinuationTableId);
                    break;
                case PacketIn.ContCookie:
                    error = OfpProperty.ParseU64(payload, out ContinuationCookie);
                    break;
                case PacketIn.ContActions or PacketIn.ContActionSet:
                    // The actions start at the first 8-byte boundary after the property header.
                    if (payload.Length < 4)
                    {
                        warn?.Invoke("ofp_packet", OfpLogLevel.Warn, $"actions property has bad length {payload.Length + 4}");
                        return OfpError.OfpbpcBadLen;
                    }

                    if (type == PacketIn.ContActions)
                    {
                        HasActions = true;
                        Actions = payload[4..];
                        ActionsTableId = ContinuationTableId;
                        ActionsCookie = ContinuationCookie;
                    }
                    else
                    {
                        HasActionSet = true;
                        ActionSet = payload[4..];
                    }

                    break;
                case PacketIn.ContOdpPort:
                    error = OfpProperty.ParseU32(payload, out OdpPort);
                    break;
                default:
                    break;
            }

            if (error != OfpError.None)
            {
                return error;
            }
        }

        return OfpError.None;
    }

    private static void SetInPort(ref Match metadata, ushort port)
    {
        metadata = default;
        Span<byte> value = [(byte)(port >> 8), (byte)port];
        FieldAccess.SetExact(ref metadata, FieldTable.Get(FieldId.InPort), value);
    }

    private static OfpError PullOxmLoose(ReadOnlySpan<byte> data, OfpWarningSink? warn, out Match match, out int consumed)
    {
        NxmError error = NxmDecoder.DecodeOxmMatch(data, strict: false, out match, out consumed);
        if (error != NxmError.None)
        {
            return MatchCodec.PullOxmMatch(data, strict: false, warn, out match, out consumed);
        }

        return OfpError.None;
    }

    /// <summary>The stack properties of a continuation that decoded without error, in order.</summary>
    public ref struct StackEnumerator
    {
        private ReadOnlySpan<byte> _rest;

        public StackEnumerator(ReadOnlySpan<byte> continuation)
        {
            _rest = continuation;
            Current = default;
        }

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly StackEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (!_rest.IsEmpty)
            {
                if (OfpProperty.TryPull(ref _rest, out ulong type, out ReadOnlySpan<byte> payload) != OfpError.None)
                {
                    _rest = default;
                    return false;
                }

                if (type == PacketIn.ContStack)
                {
                    Current = payload;
                    return true;
                }
            }

            return false;
        }
    }
}
