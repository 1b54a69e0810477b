// Upstream: lib/ofp-meter.c, ofputil_decode_meter_config() and ofputil_append_meter_config() (OVS 3.1)
//
// One meter's configuration: id, OFPMF13_* flags and bands. In an OFPMP_METER_CONFIG reply each entry is a 8-byte
// header (length, flags, meter id) followed by its bands; OFPT_METER_MOD carries the same fields in its own layout.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

[Flags]
internal enum MeterFlags : ushort
{
    None = 0,
    Kbps = 1 << 0,
    Pktps = 1 << 1,
    Burst = 1 << 2,
    Stats = 1 << 3,
}

internal sealed record MeterConfig(uint MeterId, MeterFlags Flags, MeterBand[] Bands) : ISizedBodyEntry
{
    public const int EntryHeaderSize = 8;

    /// <summary>Pulls the next reply entry off <paramref name="rest"/>; false with EOF semantics when it is empty.</summary>
    public static OfpError TryPullEntry(ref ReadOnlySpan<byte> rest, OfpWarningSink? warn, out MeterConfig? config)
    {
        config = null;
        if (rest.Length < EntryHeaderSize)
        {
            warn?.Invoke("ofp_meter", OfpLogLevel.Warn, $"OFPMP_METER_CONFIG reply has {rest.Length} leftover bytes at end");
            return OfpError.OfpbrcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(rest);
        var flags = (MeterFlags)BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
        uint meterId = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
        ReadOnlySpan<byte> afterHeader = rest[EntryHeaderSize..];

        // The band length is the entry length less its header, as an unsigned size: a length under 8 wraps around.
        int bandsLength = length - EntryHeaderSize;
        if (bandsLength < 0 || bandsLength > afterHeader.Length)
        {
            return OfpError.OfpbrcBadLen;
        }

        OfpError error = MeterBand.TryDecodeAll(afterHeader[..bandsLength], out MeterBand[] bands);
        if (error != OfpError.None)
        {
            return error;
        }

        rest = afterHeader[bandsLength..];
        config = new MeterConfig(meterId, flags, bands);
        return OfpError.None;
    }

    public int EntrySize => EntryHeaderSize + (Bands.Length * MeterBand.Size);

    void ISizedBodyEntry.WriteEntry(Span<byte> destination, byte version) => WriteEntry(destination);

    public void WriteEntry(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)EntrySize);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], MeterId);
        WriteBands(destination[EntryHeaderSize..]);
    }

    public void WriteBands(Span<byte> destination)
    {
        for (int i = 0; i < Bands.Length; i++)
        {
            Bands[i].Write(destination[(i * MeterBand.Size)..]);
        }
    }

    /// <summary>Encodes an OFPMP_METER_CONFIG reply holding <paramref name="configs"/>.</summary>
    public static void EncodeReply(IReadOnlyList<MeterConfig> configs, byte version, uint xid, IBufferWriter<byte> writer, ushort statsFlags = 0)
        => BodyMessage.WriteSizedEntries(writer, OfpRaw.Ofpst13MeterConfigReply, version, xid, configs, statsFlags);
}
