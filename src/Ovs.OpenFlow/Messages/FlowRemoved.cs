// Upstream: lib/ofp-monitor.c, ofputil_decode_flow_removed(), ofputil_encode_flow_removed() and
// ofputil_flow_removed_format() (OVS 3.1).
// OFPT_FLOW_REMOVED in its three OpenFlow layouts (1.0 with an ofp10_match; 1.1-1.4 with the fixed part first and an
// OpenFlow 1.1 match after; 1.5 with the match and then OXS statistics) and NXT_FLOW_REMOVED (an nx_match, table
// id stored plus one). OpenFlow 1.0 and NXM have no hard timeout; OpenFlow 1.0 has no table (255).
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Flow;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal struct FlowRemoved
{
    public Match Match;
    public ulong Cookie;
    public ushort Priority;
    public byte Reason;
    public byte TableId;
    public uint DurationSec;
    public uint DurationNsec;
    public ushort IdleTimeout;
    public ushort HardTimeout;
    public ulong PacketCount;
    public ulong ByteCount;

    /// <summary>Decodes the body (what follows the message's own header) of a flow-removed message.</summary>
    public static OfpError TryDecode(OfpRaw raw, ReadOnlySpan<byte> body, OfpWarningSink? warn, out FlowRemoved fr)
    {
        fr = default;
        switch (raw)
        {
            case OfpRaw.Ofpt10FlowRemoved:
                fr.Match = Ofp10Match.Decode(body);
                fr.Cookie = BinaryPrimitives.ReadUInt64BigEndian(body[40..]);
                fr.Priority = BinaryPrimitives.ReadUInt16BigEndian(body[48..]);
                fr.Reason = body[50];
                fr.TableId = 255;
                fr.DurationSec = BinaryPrimitives.ReadUInt32BigEndian(body[52..]);
                fr.DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(body[56..]);
                fr.IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[60..]);
                fr.PacketCount = BinaryPrimitives.ReadUInt64BigEndian(body[64..]);
                fr.ByteCount = BinaryPrimitives.ReadUInt64BigEndian(body[72..]);
                return OfpError.None;

            case OfpRaw.Ofpt11FlowRemoved:
                {
                    OfpError error = MatchCodec.PullOfp11Match(body[40..], warn, out fr.Match, out _);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    fr.Cookie = BinaryPrimitives.ReadUInt64BigEndian(body);
                    fr.Priority = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
                    fr.Reason = body[10];
                    fr.TableId = body[11];
                    fr.DurationSec = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
                    fr.DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
                    fr.IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[20..]);
                    fr.HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[22..]);
                    fr.PacketCount = BinaryPrimitives.ReadUInt64BigEndian(body[24..]);
                    fr.ByteCount = BinaryPrimitives.ReadUInt64BigEndian(body[32..]);
                    return OfpError.None;
                }

            case OfpRaw.Ofpt15FlowRemoved:
                {
                    OfpError error = MatchCodec.PullOfp11Match(body[16..], warn, out fr.Match, out int matchLength);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    error = OxsStats.TryDecode(body[(16 + matchLength)..], out OxsStats stats, out _);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    fr.TableId = body[0];
                    fr.Reason = body[1];
                    fr.Priority = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
                    fr.IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[4..]);
                    fr.HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[6..]);
                    fr.Cookie = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
                    fr.DurationSec = stats.DurationSec;
                    fr.DurationNsec = stats.DurationNsec;
                    fr.PacketCount = stats.Packets;
                    fr.ByteCount = stats.Bytes;
                    return OfpError.None;
                }

            case OfpRaw.NxtFlowRemoved:
                {
                    int matchLength = BinaryPrimitives.ReadUInt16BigEndian(body[22..]);
                    ReadOnlySpan<byte> rest = body[40..];
                    OfpError error = MatchCodec.PullNxMatch(rest, matchLength, strict: true, warn, out fr.Match, out _, out _);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    if (rest.Length != ((matchLength + 7) & ~7))
                    {
                        return OfpError.OfpbrcBadLen;
                    }

                    fr.Cookie = BinaryPrimitives.ReadUInt64BigEndian(body);
                    fr.Priority = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
                    fr.Reason = body[10];
                    fr.TableId = body[11] != 0 ? (byte)(body[11] - 1) : (byte)255;
                    fr.DurationSec = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
                    fr.DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
                    fr.IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[20..]);
                    fr.PacketCount = BinaryPrimitives.ReadUInt64BigEndian(body[24..]);
                    fr.ByteCount = BinaryPrimitives.ReadUInt64BigEndian(body[32..]);
                    return OfpError.None;
                }

            default:
                return OfpError.OfpbrcBadType;
        }
    }

    /// <summary>Encodes as raw (one of the flow-removed variants) in version with xid.</summary>
    public readonly void Encode(OfpRaw raw, byte version, uint xid, IBufferWriter<byte> writer)
    {
        var body = new ArrayBufferWriter<byte>(128);
        Span<byte> f;
        switch (raw)
        {
            case OfpRaw.Ofpt10FlowRemoved:
                f = body.GetSpan(80)[..80];
                f.Clear();
                Ofp10Match.Encode(in Match, f);
                BinaryPrimitives.WriteUInt64BigEndian(f[40..], Cookie);
                BinaryPrimitives.WriteUInt16BigEndian(f[48..], Priority);
                f[50] = Reason;
                BinaryPrimitives.WriteUInt32BigEndian(f[52..], DurationSec);
                BinaryPrimitives.WriteUInt32BigEndian(f[56..], DurationNsec);
                BinaryPrimitives.WriteUInt16BigEndian(f[60..], IdleTimeout);
                BinaryPrimitives.WriteUInt64BigEndian(f[64..], PacketCount == ulong.MaxValue ? 0 : PacketCount);
                BinaryPrimitives.WriteUInt64BigEndian(f[72..], ByteCount == ulong.MaxValue ? 0 : ByteCount);
                body.Advance(80);
                break;

            case OfpRaw.Ofpt11FlowRemoved:
                f = body.GetSpan(40)[..40];
                f.Clear();
                BinaryPrimitives.WriteUInt64BigEndian(f, Cookie);
                BinaryPrimitives.WriteUInt16BigEndian(f[8..], Priority);
                f[10] = Reason;
                f[11] = TableId;
                BinaryPrimitives.WriteUInt32BigEndian(f[12..], DurationSec);
                BinaryPrimitives.WriteUInt32BigEndian(f[16..], DurationNsec);
                BinaryPrimitives.WriteUInt16BigEndian(f[20..], IdleTimeout);
                BinaryPrimitives.WriteUInt16BigEndian(f[22..], HardTimeout);
                BinaryPrimitives.WriteUInt64BigEndian(f[24..], PacketCount);
                BinaryPrimitives.WriteUInt64BigEndian(f[32..], ByteCount);
                body.Advance(40);
                MatchCodec.PutOfp11Match(body, in Match, version);
                break;

            case OfpRaw.Ofpt15FlowRemoved:
                f = body.GetSpan(16)[..16];
                f.Clear();
                f[0] = TableId;
                f[1] = Reason;
                BinaryPrimitives.WriteUInt16BigEndian(f[2..], Priority);
                BinaryPrimitives.WriteUInt16BigEndian(f[4..], IdleTimeout);
                BinaryPrimitives.WriteUInt16BigEndian(f[6..], HardTimeout);
                BinaryPrimitives.WriteUInt64BigEndian(f[8..], Cookie);
                body.Advance(16);
                MatchCodec.PutOfp11Match(body, in Match, version);
                OxsStats stats = OxsStats.Unknown;
                stats.DurationSec = DurationSec;
                stats.DurationNsec = DurationNsec;
                stats.Packets = PacketCount;
                stats.Bytes = ByteCount;
                stats.Encode(body);
                break;

            case OfpRaw.NxtFlowRemoved:
                {
                    var match = new ArrayBufferWriter<byte>(64);
                    int matchLength = NxmEncoder.EncodeNxMatch(match, in Match);
                    f = body.GetSpan(40)[..40];
                    f.Clear();
                    BinaryPrimitives.WriteUInt64BigEndian(f, Cookie);
                    BinaryPrimitives.WriteUInt16BigEndian(f[8..], Priority);
                    f[10] = Reason;
                    f[11] = (byte)(TableId + 1);
                    BinaryPrimitives.WriteUInt32BigEndian(f[12..], DurationSec);
                    BinaryPrimitives.WriteUInt32BigEndian(f[16..], DurationNsec);
                    BinaryPrimitives.WriteUInt16BigEndian(f[20..], IdleTimeout);
                    BinaryPrimitives.WriteUInt16BigEndian(f[22..], (ushort)matchLength);
                    BinaryPrimitives.WriteUInt64BigEndian(f[24..], PacketCount);
                    BinaryPrimitives.WriteUInt64BigEndian(f[32..], ByteCount);
                    body.Advance(40);
                    body.Write(match.WrittenSpan);
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(raw));
        }

        Span<byte> span = OfpEncoder.Begin(writer, raw, version, xid, body.WrittenCount, out int total);
        body.WrittenSpan.CopyTo(span);
        writer.Advance(total);
    }

    /// <summary>ofp_flow_removed_reason_to_string().</summary>
    public static string ReasonName(byte reason) => reason switch
    {
        0 => "idle",
        1 => "hard",
        2 => "delete",
        3 => "group_delete",
        4 => "meter_delete",
        5 => "eviction",
        _ => reason.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
