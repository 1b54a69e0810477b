// Upstream: lib/ofp-flow.c, ofputil_decode_flow_stats_reply() and ofputil_append_flow_stats_reply() (OVS 3.1).
// One entry of a flow statistics reply, in any of its layouts: OpenFlow 1.0 (ofp10_flow_stats with an ofp10_match and
// actions), 1.1 to 1.4 (ofp11_flow_stats, an OpenFlow 1.1 match and instructions; flags from 1.3, importance from
// 1.4), 1.5 (ofp15_flow_desc, a match, the statistics as OXS, instructions) and NXST_FLOW (nx_flow_stats with an
// nx_match, the flow ages and actions). A reply packs any number of entries; TryDecodeNext reads one and advances.
//
// Counts that are unknown are all-ones; ages that are unknown are -1 (only NXST_FLOW and OXS carry them). As upstream,
// the OpenFlow 1.5 decoder reports most malformations as EINVAL (OfpError.InvalidArgument) rather than an OpenFlow
// error, and OpenFlow 1.0/1.1 replies carry unknown counts as zero.
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Ovs.Flow;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed class FlowStats : IBodyEntry
{
    private const string Module = "ofp_flow";

    public Match Match;

    public ulong Cookie { get; set; }

    public ushort Priority { get; set; }

    public byte TableId { get; set; }

    public uint DurationSec { get; set; }

    public uint DurationNsec { get; set; }

    public ushort IdleTimeout { get; set; }

    public ushort HardTimeout { get; set; }

    public ushort Importance { get; set; }

    public OfpFlowModFlags Flags { get; set; }

    /// <summary>Seconds since the flow last matched a packet, or -1 when unknown.</summary>
    public int IdleAge { get; set; } = -1;

    /// <summary>Seconds since the flow was last added or modified, or -1 when unknown.</summary>
    public int HardAge { get; set; } = -1;

    public ulong PacketCount { get; set; }

    public ulong ByteCount { get; set; }

    public List<OfpAct> Actions { get; set; } = [];

    public static bool IsFlowStatsReply(OfpRaw raw) => raw is OfpRaw.Ofpst10FlowReply or OfpRaw.Ofpst11FlowReply
        or OfpRaw.Ofpst13FlowReply or OfpRaw.Ofpst15FlowReply or OfpRaw.NxstFlowReply;

    /// <summary>
    /// Decodes the entry at the start of <paramref name="rest"/> (the reply's body after its headers, or what the
    /// previous call left) and moves past it. At the end of the body returns None with <paramref name="fs"/> null.
    /// </summary>
    public static OfpError TryDecodeNext(OfpRaw raw, byte version, ref ReadOnlySpan<byte> rest, OfpWarningSink? warn, out FlowStats? fs)
    {
        fs = null;
        if (rest.IsEmpty)
        {
            return OfpError.None;
        }

        var entry = new FlowStats();
        int consumed;
        uint instructions;
        OfpError error = raw switch
        {
            OfpRaw.Ofpst15FlowReply => entry.Decode15(version, rest, warn, out consumed, out instructions),
            OfpRaw.Ofpst11FlowReply or OfpRaw.Ofpst13FlowReply => entry.Decode11(raw, version, rest, warn, out consumed, out instructions),
            OfpRaw.Ofpst10FlowReply => entry.Decode10(rest, warn, out consumed, out instructions),
            _ => entry.DecodeNx(rest, warn, out consumed, out instructions),
        };
        if (error != OfpError.None)
        {
            return error;
        }

        error = ActionPull.Instructions(rest[consumed..], instructions, version, warn, out List<OfpAct> actions);
        if (error != OfpError.None)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, "OFPST_FLOW reply bad instructions");
            return error;
        }

        entry.Actions = actions;
        rest = rest[(consumed + (int)instructions)..];
        fs = entry;
        return OfpError.None;
    }

    private OfpError Decode15(byte version, ReadOnlySpan<byte> rest, OfpWarningSink? warn, out int consumed, out uint instructions)
    {
        consumed = 0;
        instructions = 0;
        if (!CheckLength(rest, 24, "OFPST_FLOW reply", warn, out int length))
        {
            return OfpError.InvalidArgument;
        }

        if (MatchCodec.PullOfp11Match(rest[24..], warn, out Match, out int matchLength) != OfpError.None)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, "OFPST_FLOW reply bad match");
            return OfpError.InvalidArgument;
        }

        TableId = rest[4];
        Priority = BinaryPrimitives.ReadUInt16BigEndian(rest[6..]);
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[8..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[10..]);
        Importance = BinaryPrimitives.ReadUInt16BigEndian(rest[14..]);
        Cookie = BinaryPrimitives.ReadUInt64BigEndian(rest[16..]);
        OfpError error = OfpFlowModFlagCodec.Decode(BinaryPrimitives.ReadUInt16BigEndian(rest[12..]), version, out OfpFlowModFlags flags);
        if (error != OfpError.None)
        {
            return error;
        }

        Flags = flags;
        if (OxsStats.TryDecode(rest[(24 + matchLength)..], out OxsStats stats, out int statsLength) != OfpError.None)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, "OXS OFPST_FLOW reply bad stats");
            return OfpError.InvalidArgument;
        }

        DurationSec = stats.DurationSec;
        DurationNsec = stats.DurationNsec;
        PacketCount = stats.Packets;
        ByteCount = stats.Bytes;
        IdleAge = stats.IdleAge == uint.MaxValue ? -1 : unchecked((int)stats.IdleAge);
        consumed = 24 + matchLength + statsLength;
        instructions = unchecked((uint)(length - consumed));
        return OfpError.None;
    }

    private OfpError Decode11(OfpRaw raw, byte version, ReadOnlySpan<byte> rest, OfpWarningSink? warn, out int consumed, out uint instructions)
    {
        consumed = 0;
        instructions = 0;
        if (!CheckLength(rest, 48, "OFPST_FLOW reply", warn, out int length))
        {
            return OfpError.OfpbrcBadLen;
        }

        OfpError error = MatchCodec.PullOfp11Match(rest[48..], warn, out Match, out int matchLength);
        if (error != OfpError.None)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, "OFPST_FLOW reply bad match");
            return error;
        }

        TableId = rest[2];
        DurationSec = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
        DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(rest[8..]);
        Priority = BinaryPrimitives.ReadUInt16BigEndian(rest[12..]);
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[14..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[16..]);
        Importance = version >= 5 ? BinaryPrimitives.ReadUInt16BigEndian(rest[20..]) : (ushort)0;
        if (raw == OfpRaw.Ofpst13FlowReply)
        {
            error = OfpFlowModFlagCodec.Decode(BinaryPrimitives.ReadUInt16BigEndian(rest[18..]), version, out OfpFlowModFlags flags);
            if (error != OfpError.None)
            {
                return error;
            }

            Flags = flags;
        }

        Cookie = BinaryPrimitives.ReadUInt64BigEndian(rest[24..]);
        PacketCount = BinaryPrimitives.ReadUInt64BigEndian(rest[32..]);
        ByteCount = BinaryPrimitives.ReadUInt64BigEndian(rest[40..]);
        consumed = 48 + matchLength;
        instructions = unchecked((uint)(length - consumed));
        return OfpError.None;
    }

    private OfpError Decode10(ReadOnlySpan<byte> rest, OfpWarningSink? warn, out int consumed, out uint instructions)
    {
        consumed = 0;
        instructions = 0;
        if (!CheckLength(rest, 88, "OFPST_FLOW reply", warn, out int length))
        {
            return OfpError.OfpbrcBadLen;
        }

        TableId = rest[2];
        Match = Ofp10Match.Decode(rest[4..44]);
        DurationSec = BinaryPrimitives.ReadUInt32BigEndian(rest[44..]);
        DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(rest[48..]);
        Priority = BinaryPrimitives.ReadUInt16BigEndian(rest[52..]);
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[54..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[56..]);
        Cookie = BinaryPrimitives.ReadUInt64BigEndian(rest[64..]);
        PacketCount = BinaryPrimitives.ReadUInt64BigEndian(rest[72..]);
        ByteCount = BinaryPrimitives.ReadUInt64BigEndian(rest[80..]);
        consumed = 88;
        instructions = unchecked((uint)(length - 88));
        return OfpError.None;
    }

    private OfpError DecodeNx(ReadOnlySpan<byte> rest, OfpWarningSink? warn, out int consumed, out uint instructions)
    {
        consumed = 0;
        instructions = 0;
        if (rest.Length < 48)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"NXST_FLOW reply has {rest.Length} leftover bytes at end"));
            return OfpError.OfpbrcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(rest);
        int matchLength = BinaryPrimitives.ReadUInt16BigEndian(rest[18..]);
        int padded = (matchLength + 7) & ~7;
        if (length < 48 + padded)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"NXST_FLOW reply with match_len={matchLength} claims invalid length {length}"));
            return OfpError.OfpbrcBadLen;
        }

        OfpError error = MatchCodec.PullNxMatch(rest[48..], matchLength, strict: true, warn, out Match, out _, out _, allowCookie: false);
        if (error != OfpError.None)
        {
            return error;
        }

        TableId = rest[2];
        DurationSec = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
        DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(rest[8..]);
        Priority = BinaryPrimitives.ReadUInt16BigEndian(rest[12..]);
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[14..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[16..]);
        int idleAge = BinaryPrimitives.ReadUInt16BigEndian(rest[20..]);
        int hardAge = BinaryPrimitives.ReadUInt16BigEndian(rest[22..]);
        IdleAge = idleAge - 1;
        HardAge = hardAge - 1;
        Cookie = BinaryPrimitives.ReadUInt64BigEndian(rest[24..]);
        PacketCount = BinaryPrimitives.ReadUInt64BigEndian(rest[32..]);
        ByteCount = BinaryPrimitives.ReadUInt64BigEndian(rest[40..]);
        consumed = 48 + padded;
        instructions = unchecked((uint)(length - consumed));
        return OfpError.None;
    }

    // The fixed part must be there and the entry must claim at least its size.
    private static bool CheckLength(ReadOnlySpan<byte> rest, int fixedSize, string name, OfpWarningSink? warn, out int length)
    {
        length = 0;
        if (rest.Length < fixedSize)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"{name} has {rest.Length} leftover bytes at end"));
            return false;
        }

        length = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (length < fixedSize)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"{name} claims invalid length {length}"));
            return false;
        }

        return true;
    }

    /// <summary>Appends this entry in the layout of <paramref name="raw"/> (a flow statistics reply) for <paramref name="version"/>.</summary>
    public void Append(OfpRaw raw, byte version, ArrayBufferWriter<byte> body)
    {
        var tail = new ArrayBufferWriter<byte>(128);
        int fixedSize;
        switch (raw)
        {
            case OfpRaw.Ofpst15FlowReply:
                {
                    fixedSize = 24;
                    NxmEncoder.EncodeOxmMatch(tail, in Match, version);
                    OxsStats stats = OxsStats.Unknown;
                    stats.DurationSec = DurationSec;
                    stats.DurationNsec = DurationNsec;
                    stats.IdleAge = IdleAge >= 0 ? (uint)IdleAge : uint.MaxValue;
                    stats.Packets = PacketCount;
                    stats.Bytes = ByteCount;
                    stats.Encode(tail);
                    OfpActions.EncodeInstructions(Actions, version, tail);
                    Span<byte> f = Fixed(body, fixedSize, tail.WrittenCount);
                    f[4] = TableId;
                    BinaryPrimitives.WriteUInt16BigEndian(f[6..], Priority);
                    BinaryPrimitives.WriteUInt16BigEndian(f[8..], IdleTimeout);
                    BinaryPrimitives.WriteUInt16BigEndian(f[10..], HardTimeout);
                    BinaryPrimitives.WriteUInt16BigEndian(f[12..], OfpFlowModFlagCodec.Encode(Flags, version));
                    BinaryPrimitives.WriteUInt16BigEndian(f[14..], Importance);
                    BinaryPrimitives.WriteUInt64BigEndian(f[16..], Cookie);
                    break;
                }

            case OfpRaw.Ofpst11FlowReply or OfpRaw.Ofpst13FlowReply:
                {
                    fixedSize = 48;
                    NxmEncoder.EncodeOxmMatch(tail, in Match, version);
                    OfpActions.EncodeInstructions(Actions, version, tail);
                    Span<byte> f = Fixed(body, fixedSize, tail.WrittenCount);
                    PutTimes(f);
                    if (version >= 5)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(f[20..], Importance);
                    }

                    if (raw == OfpRaw.Ofpst13FlowReply)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(f[18..], OfpFlowModFlagCodec.Encode(Flags, version));
                    }

                    PutCounts(f[24..], zeroUnknown: true);
                    break;
                }

            case OfpRaw.Ofpst10FlowReply:
                {
                    fixedSize = 88;
                    OfpActions.EncodeActions(Actions, version, tail);
                    Span<byte> f = Fixed(body, fixedSize, tail.WrittenCount);
                    f[2] = TableId;
                    Ofp10Match.Encode(in Match, f[4..44]);
                    BinaryPrimitives.WriteUInt32BigEndian(f[44..], DurationSec);
                    BinaryPrimitives.WriteUInt32BigEndian(f[48..], DurationNsec);
                    BinaryPrimitives.WriteUInt16BigEndian(f[52..], Priority);
                    BinaryPrimitives.WriteUInt16BigEndian(f[54..], IdleTimeout);
                    BinaryPrimitives.WriteUInt16BigEndian(f[56..], HardTimeout);
                    PutCounts(f[64..], zeroUnknown: true);
                    break;
                }

            default:
                {
                    fixedSize = 48;
                    int matchLength = NxmEncoder.EncodeNxMatch(tail, in Match);
                    OfpActions.EncodeActions(Actions, version, tail);
                    Span<byte> f = Fixed(body, fixedSize, tail.WrittenCount);
                    PutTimes(f);
                    BinaryPrimitives.WriteUInt16BigEndian(f[18..], (ushort)matchLength);
                    BinaryPrimitives.WriteUInt16BigEndian(f[20..], EncodeAge(IdleAge));
                    BinaryPrimitives.WriteUInt16BigEndian(f[22..], EncodeAge(HardAge));
                    PutCounts(f[24..], zeroUnknown: false);
                    break;
                }
        }

        body.Advance(fixedSize);
        body.Write(tail.WrittenSpan);
    }

    /// <summary>Encodes a whole reply of <paramref name="raw"/> holding <paramref name="entries"/>.</summary>
    public static void EncodeReply(OfpRaw raw, byte version, uint xid, IEnumerable<FlowStats> entries, IBufferWriter<byte> writer, ushort statsFlags = 0)
        => BodyMessage.WriteEntries(writer, raw, version, xid, entries, statsFlags);

    // Reserves the fixed part of an entry (zeroed, its length field set) without advancing past it.
    private static Span<byte> Fixed(ArrayBufferWriter<byte> body, int fixedSize, int tailSize)
    {
        Span<byte> f = body.GetSpan(fixedSize)[..fixedSize];
        f.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(f, (ushort)(fixedSize + tailSize));
        return f;
    }

    // The layout ofp11_flow_stats and nx_flow_stats share: table, duration, priority and timeouts.
    private void PutTimes(Span<byte> f)
    {
        f[2] = TableId;
        BinaryPrimitives.WriteUInt32BigEndian(f[4..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(f[8..], DurationNsec);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], Priority);
        BinaryPrimitives.WriteUInt16BigEndian(f[14..], IdleTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(f[16..], HardTimeout);
    }

    private void PutCounts(Span<byte> f, bool zeroUnknown)
    {
        BinaryPrimitives.WriteUInt64BigEndian(f, Cookie);
        BinaryPrimitives.WriteUInt64BigEndian(f[8..], zeroUnknown && PacketCount == ulong.MaxValue ? 0 : PacketCount);
        BinaryPrimitives.WriteUInt64BigEndian(f[16..], zeroUnknown && ByteCount == ulong.MaxValue ? 0 : ByteCount);
    }

    // NXST_FLOW stores an age plus one, zero meaning unknown, saturating at 65535.
    private static ushort EncodeAge(int age) => age < 0 ? (ushort)0 : age < ushort.MaxValue ? (ushort)(age + 1) : ushort.MaxValue;
}
