// Upstream: lib/ofp-meter.c, ofputil_decode_meter_features(), ofputil_encode_meter_features_reply() and
// ofputil_encode_meter_request() (OVS 3.1)
//
// The OFPMP_METER_FEATURES reply body (max meters, band type bitmap, capability flags, max bands and colors), and
// the meter id that OFPMP_METER and OFPMP_METER_CONFIG requests carry.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal readonly record struct MeterFeatures(uint MaxMeters, uint BandTypes, uint Capabilities, byte MaxBands, byte MaxColor)
{
    public const int Size = 16;

    public static MeterFeatures Decode(ReadOnlySpan<byte> body) => new(
        BinaryPrimitives.ReadUInt32BigEndian(body),
        BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(body[8..]),
        body[12],
        body[13]);

    public void EncodeReply(byte version, uint xid, IBufferWriter<byte> writer)
    {
        Span<byte> body = OfpEncoder.Begin(writer, OfpRaw.Ofpst13MeterFeaturesReply, version, xid, Size, out int total);
        BinaryPrimitives.WriteUInt32BigEndian(body, MaxMeters);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], BandTypes);
        BinaryPrimitives.WriteUInt32BigEndian(body[8..], Capabilities);
        body[12] = MaxBands;
        body[13] = MaxColor;
        writer.Advance(total);
    }

    /// <summary>OFPMP_METER or OFPMP_METER_CONFIG request for one meter (or OFPM13_ALL); the features request is bodiless.</summary>
    public static void EncodeRequest(OfpRaw raw, byte version, uint xid, uint meterId, IBufferWriter<byte> writer)
    {
        int size = raw == OfpRaw.Ofpst13MeterFeaturesRequest ? 0 : 8;
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, size, out int total);
        if (size > 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body, meterId);
        }

        writer.Advance(total);
    }
}
