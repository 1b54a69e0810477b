// Upstream: lib/ofp-flow.c, ofputil_decode_flow_stats_request(), ofputil_encode_flow_stats_request() and
// ofputil_flow_stats_request_format() (OVS 3.1).
// OFPST_FLOW and OFPST_AGGREGATE requests (OpenFlow 1.0 with an ofp10_match; 1.1+ with out_group, a cookie and
// an OpenFlow 1.1 match) and NXST_FLOW / NXST_AGGREGATE (an nx_match that may carry the cookie). OpenFlow 1.0 and
// NXM have no out_group (OFPG_ANY) and NXM's cookie comes from the match.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Flow;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal struct FlowStatsRequest
{
    public const uint GroupAny = 0xffffffff;

    public bool Aggregate;
    public Match Match;
    public ulong Cookie;
    public ulong CookieMask;
    public ushort OutPort;
    public uint OutGroup;
    public byte TableId;

    public static bool IsFlowStatsRequest(OfpRaw raw) => raw is OfpRaw.Ofpst10FlowRequest or OfpRaw.Ofpst11FlowRequest
        or OfpRaw.NxstFlowRequest or OfpRaw.Ofpst10AggregateRequest or OfpRaw.Ofpst11AggregateRequest
        or OfpRaw.Ofpst15AggregateRequest or OfpRaw.NxstAggregateRequest;

    /// <summary>Decodes the body (after the statistics header) of any flow or aggregate statistics request.</summary>
    public static OfpError TryDecode(OfpRaw raw, ReadOnlySpan<byte> body, OfpWarningSink? warn, out FlowStatsRequest fsr)
    {
        fsr = default;
        fsr.Aggregate = raw is OfpRaw.Ofpst10AggregateRequest or OfpRaw.Ofpst11AggregateRequest
            or OfpRaw.Ofpst15AggregateRequest or OfpRaw.NxstAggregateRequest;
        switch (raw)
        {
            case OfpRaw.Ofpst10FlowRequest or OfpRaw.Ofpst10AggregateRequest:
                fsr.Match = Ofp10Match.Decode(body);
                fsr.TableId = body[40];
                fsr.OutPort = BinaryPrimitives.ReadUInt16BigEndian(body[42..]);
                fsr.OutGroup = GroupAny;
                return OfpError.None;

            case OfpRaw.Ofpst11FlowRequest or OfpRaw.Ofpst11AggregateRequest or OfpRaw.Ofpst15AggregateRequest:
                {
                    fsr.TableId = body[0];
                    uint port = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    if (!PhyPort.TryPortFrom11(port, out fsr.OutPort))
                    {
                        warn?.Invoke("ofp_port", OfpLogLevel.Warn, $"port {port} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff");
                        return OfpError.OfpbacBadOutPort;
                    }

                    fsr.OutGroup = BinaryPrimitives.ReadUInt32BigEndian(body[8..]);
                    fsr.Cookie = BinaryPrimitives.ReadUInt64BigEndian(body[16..]);
                    fsr.CookieMask = BinaryPrimitives.ReadUInt64BigEndian(body[24..]);
                    return MatchCodec.PullOfp11Match(body[32..], warn, out fsr.Match, out _);
                }

            case OfpRaw.NxstFlowRequest or OfpRaw.NxstAggregateRequest:
                {
                    int matchLength = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
                    ReadOnlySpan<byte> rest = body[8..];
                    OfpError error = MatchCodec.PullNxMatch(rest, matchLength, strict: true, warn, out fsr.Match, out fsr.Cookie, out fsr.CookieMask);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    if (rest.Length != ((matchLength + 7) & ~7))
                    {
                        return OfpError.OfpbrcBadLen;
                    }

                    fsr.OutPort = BinaryPrimitives.ReadUInt16BigEndian(body);
                    fsr.OutGroup = GroupAny;
                    fsr.TableId = body[4];
                    return OfpError.None;
                }

            default:
                return OfpError.OfpbrcBadStat;
        }
    }

    /// <summary>Encodes as raw in version with xid.</summary>
    public readonly void Encode(OfpRaw raw, byte version, uint xid, IBufferWriter<byte> writer)
    {
        var body = new ArrayBufferWriter<byte>(128);
        Span<byte> f;
        switch (raw)
        {
            case OfpRaw.Ofpst10FlowRequest or OfpRaw.Ofpst10AggregateRequest:
                f = body.GetSpan(44)[..44];
                f.Clear();
                Ofp10Match.Encode(in Match, f);
                f[40] = TableId;
                BinaryPrimitives.WriteUInt16BigEndian(f[42..], OutPort);
                body.Advance(44);
                break;

            case OfpRaw.Ofpst11FlowRequest or OfpRaw.Ofpst11AggregateRequest or OfpRaw.Ofpst15AggregateRequest:
                f = body.GetSpan(32)[..32];
                f.Clear();
                f[0] = TableId;
                BinaryPrimitives.WriteUInt32BigEndian(f[4..], Ovs.Flow.FieldAccess.Ofp10ToOfp11(OutPort));
                BinaryPrimitives.WriteUInt32BigEndian(f[8..], OutGroup);
                BinaryPrimitives.WriteUInt64BigEndian(f[16..], Cookie);
                BinaryPrimitives.WriteUInt64BigEndian(f[24..], CookieMask);
                body.Advance(32);
                MatchCodec.PutOfp11Match(body, in Match, version);
                break;

            case OfpRaw.NxstFlowRequest or OfpRaw.NxstAggregateRequest:
                {
                    var match = new ArrayBufferWriter<byte>(64);
                    int matchLength = NxmEncoder.EncodeNxMatch(match, in Match, Cookie, CookieMask);
                    f = body.GetSpan(8)[..8];
                    f.Clear();
                    BinaryPrimitives.WriteUInt16BigEndian(f, OutPort);
                    BinaryPrimitives.WriteUInt16BigEndian(f[2..], (ushort)matchLength);
                    f[4] = TableId;
                    body.Advance(8);
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
}
