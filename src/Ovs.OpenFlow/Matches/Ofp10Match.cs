// Upstream: struct ofp10_match (include/openflow/openflow-1.0.h) and ofputil_match_from/to_ofp10_match() in
// lib/ofp-match.c (OVS 3.1).
// The fixed 40-byte OpenFlow 1.0 match: a wildcard bit per field (a CIDR prefix length for the IPv4 addresses),
// then the values. Decoding cannot fail: unknown wildcard bits are ignored and fields the wildcards leave out are
// zeroed. Any matched field other than in_port implies an Ethernet packet.
using System.Buffers.Binary;
using Ovs.Flow;

namespace Ovs.OpenFlow.Matches;

internal static class Ofp10Match
{
    public const int Size = 40;

    public const uint InPort = 1 << 0;
    public const uint DlVlan = 1 << 1;
    public const uint DlSrc = 1 << 2;
    public const uint DlDst = 1 << 3;
    public const uint DlType = 1 << 4;
    public const uint NwProto = 1 << 5;
    public const uint TpSrc = 1 << 6;
    public const uint TpDst = 1 << 7;
    public const int NwSrcShift = 8;
    public const int NwDstShift = 14;
    public const uint DlVlanPcp = 1 << 20;
    public const uint NwTos = 1 << 21;
    public const uint All = (1u << 22) - 1;

    /// <summary>dl_vlan value meaning "no 802.1Q header".</summary>
    public const ushort VlanNone = 0xffff;

    private const ushort VidMask = 0x0fff;
    private const ushort PcpMask = 0xe000;
    private const ushort Cfi = 0x1000;
    private const byte DscpMask = 0xfc;

    // Offsets inside the structure.
    private const int OffInPort = 4;
    private const int OffDlSrc = 6;
    private const int OffDlDst = 12;
    private const int OffDlVlan = 18;
    private const int OffDlVlanPcp = 20;
    private const int OffDlType = 22;
    private const int OffNwTos = 24;
    private const int OffNwProto = 25;
    private const int OffNwSrc = 28;
    private const int OffNwDst = 32;
    private const int OffTpSrc = 36;
    private const int OffTpDst = 38;

    /// <summary>Decodes the first Size bytes of data (the caller checks the length).</summary>
    public static Match Decode(ReadOnlySpan<byte> data)
    {
        uint wc = BinaryPrimitives.ReadUInt32BigEndian(data) & All;
        var match = default(Match);
        ref FlowData f = ref match.Flow;
        ref FlowData m = ref match.Wildcards.Masks;

        if ((wc & InPort) == 0)
        {
            m.SetU16(FlowLayout.InPort, 0xffff);
        }

        if ((wc & NwTos) == 0)
        {
            m.SetU8(FlowLayout.NwTos, DscpMask);
        }

        if ((wc & NwProto) == 0)
        {
            m.SetU8(FlowLayout.NwProto, 0xff);
        }

        uint srcMask = PrefixMask(wc >> NwSrcShift);
        uint dstMask = PrefixMask(wc >> NwDstShift);
        m.SetU32(FlowLayout.NwSrc, srcMask);
        m.SetU32(FlowLayout.NwDst, dstMask);
        if ((wc & TpSrc) == 0)
        {
            m.SetU16(FlowLayout.TpSrc, 0xffff);
        }

        if ((wc & TpDst) == 0)
        {
            m.SetU16(FlowLayout.TpDst, 0xffff);
        }

        if ((wc & DlSrc) == 0)
        {
            m.Bytes.Slice(FlowLayout.DlSrc, 6).Fill(0xff);
        }

        if ((wc & DlDst) == 0)
        {
            m.Bytes.Slice(FlowLayout.DlDst, 6).Fill(0xff);
        }

        if ((wc & DlType) == 0)
        {
            m.SetU16(FlowLayout.DlType, 0xffff);
        }

        ushort tciMask = 0;
        if ((wc & DlVlanPcp) == 0)
        {
            tciMask |= PcpMask | Cfi;
        }

        if ((wc & DlVlan) == 0)
        {
            tciMask |= VidMask | Cfi;
        }

        m.SetU16(FlowLayout.VlanTci, tciMask);

        const uint dataBits = NwTos | NwProto | TpSrc | TpDst | DlSrc | DlDst | DlType | DlVlan | DlVlanPcp;
        if ((wc & dataBits) != dataBits || srcMask != 0 || dstMask != 0)
        {
            match.SetDefaultPacketType();
        }

        data.Slice(OffNwSrc, 4).CopyTo(f.Bytes[FlowLayout.NwSrc..]);
        data.Slice(OffNwDst, 4).CopyTo(f.Bytes[FlowLayout.NwDst..]);
        data.Slice(OffInPort, 2).CopyTo(f.Bytes[FlowLayout.InPort..]);
        f.SetU16(FlowLayout.DlType, DlTypeFromOpenFlow(BinaryPrimitives.ReadUInt16BigEndian(data[OffDlType..])));
        data.Slice(OffTpSrc, 4).CopyTo(f.Bytes[FlowLayout.TpSrc..]);
        data.Slice(OffDlSrc, 6).CopyTo(f.Bytes[FlowLayout.DlSrc..]);
        data.Slice(OffDlDst, 6).CopyTo(f.Bytes[FlowLayout.DlDst..]);
        f.SetU8(FlowLayout.NwTos, (byte)(data[OffNwTos] & DscpMask));
        f.SetU8(FlowLayout.NwProto, data[OffNwProto]);

        ushort dlVlan = BinaryPrimitives.ReadUInt16BigEndian(data[OffDlVlan..]);
        if ((wc & DlVlan) == 0 && dlVlan == VlanNone)
        {
            // Only packets without an 802.1Q header (also when a PCP is given, as older OVS did).
            f.SetU16(FlowLayout.VlanTci, 0);
            m.SetU16(FlowLayout.VlanTci, 0xffff);
        }
        else
        {
            ushort tci = (ushort)((dlVlan & VidMask) | ((data[OffDlVlanPcp] << 13) & PcpMask) | Cfi);
            f.SetU16(FlowLayout.VlanTci, (ushort)(tci & tciMask));
        }

        MatchNormalizer.ZeroWildcardedFields(ref match);
        return match;
    }

    /// <summary>Encodes match into the first Size bytes of destination; what OpenFlow 1.0 cannot say is dropped.</summary>
    public static void Encode(in Match match, Span<byte> destination)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        ref readonly FlowData f = ref match.Flow;
        ref readonly FlowData m = ref match.Wildcards.Masks;
        uint wc = 0;
        if (m.U16(FlowLayout.InPort) == 0)
        {
            wc |= InPort;
        }

        if (m.U16(FlowLayout.DlType) == 0)
        {
            wc |= DlType;
        }

        if (m.U8(FlowLayout.NwProto) == 0)
        {
            wc |= NwProto;
        }

        wc |= (uint)PrefixWildcardBits(m.U32(FlowLayout.NwSrc)) << NwSrcShift;
        wc |= (uint)PrefixWildcardBits(m.U32(FlowLayout.NwDst)) << NwDstShift;
        if ((m.U8(FlowLayout.NwTos) & DscpMask) == 0)
        {
            wc |= NwTos;
        }

        if (m.U16(FlowLayout.TpSrc) == 0)
        {
            wc |= TpSrc;
        }

        if (m.U16(FlowLayout.TpDst) == 0)
        {
            wc |= TpDst;
        }

        if (m.IsZero(FlowLayout.DlSrc, 6))
        {
            wc |= DlSrc;
        }

        if (m.IsZero(FlowLayout.DlDst, 6))
        {
            wc |= DlDst;
        }

        ushort tci = f.U16(FlowLayout.VlanTci);
        ushort tciMask = m.U16(FlowLayout.VlanTci);
        if (tciMask == 0)
        {
            wc |= DlVlan | DlVlanPcp;
        }
        else if ((tciMask & Cfi) != 0 && (tci & Cfi) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[OffDlVlan..], VlanNone);
        }
        else
        {
            if ((tciMask & VidMask) == 0)
            {
                wc |= DlVlan;
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(d[OffDlVlan..], (ushort)(tci & VidMask));
            }

            if ((tciMask & PcpMask) == 0)
            {
                wc |= DlVlanPcp;
            }
            else
            {
                d[OffDlVlanPcp] = (byte)(tci >> 13);
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(d, wc);
        f.ReadOnlyBytes.Slice(FlowLayout.InPort, 2).CopyTo(d[OffInPort..]);
        f.ReadOnlyBytes.Slice(FlowLayout.DlSrc, 6).CopyTo(d[OffDlSrc..]);
        f.ReadOnlyBytes.Slice(FlowLayout.DlDst, 6).CopyTo(d[OffDlDst..]);
        BinaryPrimitives.WriteUInt16BigEndian(d[OffDlType..], DlTypeToOpenFlow(f.U16(FlowLayout.DlType)));
        f.ReadOnlyBytes.Slice(FlowLayout.NwSrc, 4).CopyTo(d[OffNwSrc..]);
        f.ReadOnlyBytes.Slice(FlowLayout.NwDst, 4).CopyTo(d[OffNwDst..]);
        d[OffNwTos] = (byte)(f.U8(FlowLayout.NwTos) & DscpMask);
        d[OffNwProto] = f.U8(FlowLayout.NwProto);
        f.ReadOnlyBytes.Slice(FlowLayout.TpSrc, 4).CopyTo(d[OffTpSrc..]);
    }

    /// <summary>
    /// OpenFlow's "not Ethernet II" type (0x5ff) is also the flow's; every other value is taken as it is.
    /// </summary>
    public static ushort DlTypeFromOpenFlow(ushort dlType) => dlType;

    public static ushort DlTypeToOpenFlow(ushort dlType) => dlType;

    // A wildcard bit count (low 6 bits) to the IPv4 netmask it leaves; 32 or more wildcards everything.
    private static uint PrefixMask(uint wcbits)
    {
        wcbits &= 0x3f;
        return wcbits < 32 ? ~((1u << (int)wcbits) - 1) : 0;
    }

    // The number of trailing wildcard bits of a CIDR netmask (32 when nothing is matched).
    private static int PrefixWildcardBits(uint mask) => mask == 0 ? 32 : System.Numerics.BitOperations.TrailingZeroCount(mask);
}
