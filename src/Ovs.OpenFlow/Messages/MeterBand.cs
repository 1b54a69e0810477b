// Upstream: lib/ofp-meter.c, ofputil_pull_bands() and ofputil_put_bands() (OVS 3.1)
//
// A meter band as OpenFlow 1.3+ carries it: type, length (16), rate, burst size, and for dscp_remark the precedence
// level (the other types leave those bytes as padding). Open vSwitch understands drop and dscp_remark only; any other
// type, experimenter bands included, is OFPMMFC_BAD_BAND.
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Messages;

internal enum MeterBandType : ushort
{
    Drop = 1,
    DscpRemark = 2,
    Experimenter = 0xffff,
}

internal readonly record struct MeterBand(MeterBandType Type, uint Rate, uint BurstSize, byte PrecLevel)
{
    public const int Size = 16;

    /// <summary>Decodes the bands that fill <paramref name="data"/>: whole bands first, then any short tail is BadLen.</summary>
    public static OfpError TryDecodeAll(ReadOnlySpan<byte> data, out MeterBand[] bands)
    {
        bands = [];
        var result = new MeterBand[data.Length / Size];
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<byte> b = data[(i * Size)..];
            if (BinaryPrimitives.ReadUInt16BigEndian(b[2..]) != Size)
            {
                return OfpError.OfpbrcBadLen;
            }

            var type = (MeterBandType)BinaryPrimitives.ReadUInt16BigEndian(b);
            if (type is not (MeterBandType.Drop or MeterBandType.DscpRemark))
            {
                return OfpError.OfpmmfcBadBand;
            }

            result[i] = new MeterBand(
                type,
                BinaryPrimitives.ReadUInt32BigEndian(b[4..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[8..]),
                type == MeterBandType.DscpRemark ? b[12] : (byte)0);
        }

        if (data.Length % Size != 0)
        {
            return OfpError.OfpbrcBadLen;
        }

        bands = result;
        return OfpError.None;
    }

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Rate);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], BurstSize);
        destination[12] = PrecLevel;
    }
}
