// Upstream: lib/ofp-meter.c, ofputil_decode_meter_stats() and ofputil_append_meter_stats() (OVS 3.1)
//
// One entry of an OFPMP_METER reply: a 40-byte header (meter id, length, flow count, packet and byte counts,
// duration) followed by 16-byte per-band counters.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal readonly record struct MeterBandStats(ulong PacketCount, ulong ByteCount)
{
    public const int Size = 16;
}

internal sealed record MeterStats(uint MeterId, uint FlowCount, ulong PacketInCount, ulong ByteInCount, uint DurationSec, uint DurationNsec, MeterBandStats[] Bands) : ISizedBodyEntry
{
    public const int EntryHeaderSize = 40;

    public int EntrySize => EntryHeaderSize + (Bands.Length * MeterBandStats.Size);

    public static OfpError TryPullEntry(ref ReadOnlySpan<byte> rest, OfpWarningSink? warn, out MeterStats? stats)
    {
        stats = null;
        if (rest.Length < EntryHeaderSize)
        {
            warn?.Invoke("ofp_meter", OfpLogLevel.Warn, $"OFPMP_METER reply has {rest.Length} leftover bytes at end");
            return OfpError.OfpbrcBadLen;
        }

        ReadOnlySpan<byte> h = rest;
        int bandsLength = BinaryPrimitives.ReadUInt16BigEndian(h[4..]) - EntryHeaderSize;
        ReadOnlySpan<byte> afterHeader = rest[EntryHeaderSize..];
        if (bandsLength < 0 || bandsLength > afterHeader.Length || bandsLength % MeterBandStats.Size != 0)
        {
            return OfpError.OfpbrcBadLen;
        }

        var bands = new MeterBandStats[bandsLength / MeterBandStats.Size];
        for (int i = 0; i < bands.Length; i++)
        {
            ReadOnlySpan<byte> b = afterHeader[(i * MeterBandStats.Size)..];
            bands[i] = new MeterBandStats(BinaryPrimitives.ReadUInt64BigEndian(b), BinaryPrimitives.ReadUInt64BigEndian(b[8..]));
        }

        stats = new MeterStats(
            BinaryPrimitives.ReadUInt32BigEndian(h),
            BinaryPrimitives.ReadUInt32BigEndian(h[12..]),
            BinaryPrimitives.ReadUInt64BigEndian(h[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(h[24..]),
            BinaryPrimitives.ReadUInt32BigEndian(h[32..]),
            BinaryPrimitives.ReadUInt32BigEndian(h[36..]),
            bands);
        rest = afterHeader[bandsLength..];
        return OfpError.None;
    }

    void ISizedBodyEntry.WriteEntry(Span<byte> destination, byte version) => WriteEntry(destination);

    public void WriteEntry(Span<byte> d)
    {
        d[..EntryHeaderSize].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(d, MeterId);
        BinaryPrimitives.WriteUInt16BigEndian(d[4..], (ushort)EntrySize);
        BinaryPrimitives.WriteUInt32BigEndian(d[12..], FlowCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[16..], PacketInCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[24..], ByteInCount);
        BinaryPrimitives.WriteUInt32BigEndian(d[32..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(d[36..], DurationNsec);
        for (int i = 0; i < Bands.Length; i++)
        {
            Span<byte> b = d[(EntryHeaderSize + (i * MeterBandStats.Size))..];
            BinaryPrimitives.WriteUInt64BigEndian(b, Bands[i].PacketCount);
            BinaryPrimitives.WriteUInt64BigEndian(b[8..], Bands[i].ByteCount);
        }
    }

    public static void EncodeReply(IReadOnlyList<MeterStats> entries, byte version, uint xid, IBufferWriter<byte> writer, ushort statsFlags = 0)
        => BodyMessage.WriteSizedEntries(writer, OfpRaw.Ofpst13MeterReply, version, xid, entries, statsFlags);
}
