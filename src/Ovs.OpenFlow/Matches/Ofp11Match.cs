// Upstream: struct ofp11_match (include/openflow/openflow-1.1.h) and ofputil_match_from/to_ofp11_match() in
// lib/ofp-match.c (OVS 3.1).
// The 88-byte OpenFlow 1.1 "standard" match (OFPMT_STANDARD): wildcard bits for the fields that have no mask,
// arbitrary masks (inverted: 1-bits are wildcards) for Ethernet and IPv4 addresses and metadata. Fields are only
// taken when the Ethernet type makes them meaningful; values the match cannot hold are OFPBMC_BAD_VALUE (an ICMP
// type or code over 255 is OFPBMC_BAD_FIELD).
using System.Buffers.Binary;
using Ovs.Flow;
using Ovs.Flow.Packets;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Matches;

internal static class Ofp11Match
{
    public const int Size = 88;

    /// <summary>ofp11_match_header type of the standard match.</summary>
    public const ushort TypeStandard = 0;

    /// <summary>ofp11_match_header type of an OXM match.</summary>
    public const ushort TypeOxm = 1;

    public const uint InPort = 1 << 0;
    public const uint DlVlan = 1 << 1;
    public const uint DlVlanPcp = 1 << 2;
    public const uint DlType = 1 << 3;
    public const uint NwTos = 1 << 4;
    public const uint NwProto = 1 << 5;
    public const uint TpSrc = 1 << 6;
    public const uint TpDst = 1 << 7;
    public const uint MplsLabel = 1 << 8;
    public const uint MplsTc = 1 << 9;

    /// <summary>dl_vlan: any tagged packet, whatever its VID.</summary>
    public const ushort VidAny = 0xfffe;

    /// <summary>dl_vlan: only untagged packets.</summary>
    public const ushort VidNone = 0xffff;

    private const ushort VidMask = 0x0fff;
    private const ushort PcpMask = 0xe000;
    private const ushort Cfi = 0x1000;
    private const byte DscpMask = 0xfc;

    private const int OffInPort = 4;
    private const int OffWildcards = 8;
    private const int OffDlSrc = 12;
    private const int OffDlSrcMask = 18;
    private const int OffDlDst = 24;
    private const int OffDlDstMask = 30;
    private const int OffDlVlan = 36;
    private const int OffDlVlanPcp = 38;
    private const int OffDlType = 40;
    private const int OffNwTos = 42;
    private const int OffNwProto = 43;
    private const int OffNwSrc = 44;
    private const int OffNwSrcMask = 48;
    private const int OffNwDst = 52;
    private const int OffNwDstMask = 56;
    private const int OffTpSrc = 60;
    private const int OffTpDst = 62;
    private const int OffMplsLabel = 64;
    private const int OffMplsTc = 68;
    private const int OffMetadata = 72;
    private const int OffMetadataMask = 80;

    /// <summary>Decodes the first Size bytes of data (the caller checks the header and length).</summary>
    public static OfpError TryDecode(ReadOnlySpan<byte> data, OfpWarningSink? warn, out Match match)
    {
        match = default;
        ref FlowData f = ref match.Flow;
        ref FlowData m = ref match.Wildcards.Masks;

        // Only the low 16 bits of the wildcards are defined.
        uint wc = BinaryPrimitives.ReadUInt32BigEndian(data[OffWildcards..]) & 0xffff;
        if ((wc & InPort) == 0)
        {
            uint port = BinaryPrimitives.ReadUInt32BigEndian(data[OffInPort..]);
            if (!FieldAccess.TryOfp11ToOfp10(port, out ushort port10))
            {
                warn?.Invoke("ofp_port", OfpLogLevel.Warn, $"port {port} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff");
                return OfpError.OfpbmcBadValue;
            }

            f.SetU16(FlowLayout.InPort, port10);
            m.SetU16(FlowLayout.InPort, 0xffff);
        }

        Span<byte> srcMask = stackalloc byte[6];
        Span<byte> dstMask = stackalloc byte[6];
        Invert(data.Slice(OffDlSrcMask, 6), srcMask);
        Invert(data.Slice(OffDlDstMask, 6), dstMask);
        if (srcMask.ContainsAnyExcept((byte)0) || dstMask.ContainsAnyExcept((byte)0))
        {
            SetMasked(f.Bytes.Slice(FlowLayout.DlSrc, 6), m.Bytes.Slice(FlowLayout.DlSrc, 6), data.Slice(OffDlSrc, 6), srcMask);
            SetMasked(f.Bytes.Slice(FlowLayout.DlDst, 6), m.Bytes.Slice(FlowLayout.DlDst, 6), data.Slice(OffDlDst, 6), dstMask);
            match.SetDefaultPacketType();
        }

        if ((wc & DlVlan) == 0)
        {
            ushort vlan = BinaryPrimitives.ReadUInt16BigEndian(data[OffDlVlan..]);
            if (vlan == VidNone)
            {
                f.SetU16(FlowLayout.VlanTci, 0);
                m.SetU16(FlowLayout.VlanTci, 0xffff);
            }
            else
            {
                ushort tci;
                ushort tciMask;
                if (vlan == VidAny)
                {
                    tci = Cfi;
                    tciMask = Cfi;
                }
                else if (vlan < 4096)
                {
                    tci = (ushort)(Cfi | vlan);
                    tciMask = Cfi | VidMask;
                }
                else
                {
                    return OfpError.OfpbmcBadValue;
                }

                if ((wc & DlVlanPcp) == 0)
                {
                    byte pcp = data[OffDlVlanPcp];
                    if (pcp > 7)
                    {
                        return OfpError.OfpbmcBadValue;
                    }

                    tci |= (ushort)(pcp << 13);
                    tciMask |= PcpMask;
                }

                f.SetU16(FlowLayout.VlanTci, tci);
                m.SetU16(FlowLayout.VlanTci, tciMask);
            }

            match.SetDefaultPacketType();
        }

        if ((wc & DlType) == 0)
        {
            f.SetU16(FlowLayout.DlType, Ofp10Match.DlTypeFromOpenFlow(BinaryPrimitives.ReadUInt16BigEndian(data[OffDlType..])));
            m.SetU16(FlowLayout.DlType, 0xffff);
            match.SetDefaultPacketType();
        }

        ushort dlType = f.U16(FlowLayout.DlType);
        bool ipv4 = dlType == EthType.Ip;
        bool arp = dlType is EthType.Arp or EthType.Rarp;
        if (ipv4 && (wc & NwTos) == 0)
        {
            byte tos = data[OffNwTos];
            if ((tos & ~DscpMask) != 0)
            {
                return OfpError.OfpbmcBadValue;
            }

            f.SetU8(FlowLayout.NwTos, (byte)((f.U8(FlowLayout.NwTos) & ~DscpMask) | tos));
            m.SetU8(FlowLayout.NwTos, (byte)(m.U8(FlowLayout.NwTos) | DscpMask));
        }

        if (ipv4 || arp)
        {
            if ((wc & NwProto) == 0)
            {
                f.SetU8(FlowLayout.NwProto, data[OffNwProto]);
                m.SetU8(FlowLayout.NwProto, 0xff);
            }

            Span<byte> mask = stackalloc byte[4];
            Invert(data.Slice(OffNwSrcMask, 4), mask);
            SetMasked(f.Bytes.Slice(FlowLayout.NwSrc, 4), m.Bytes.Slice(FlowLayout.NwSrc, 4), data.Slice(OffNwSrc, 4), mask);
            Invert(data.Slice(OffNwDstMask, 4), mask);
            SetMasked(f.Bytes.Slice(FlowLayout.NwDst, 4), m.Bytes.Slice(FlowLayout.NwDst, 4), data.Slice(OffNwDst, 4), mask);
        }

        if (ipv4 && (wc & (TpSrc | TpDst)) != (TpSrc | TpDst))
        {
            ushort tpSrc = BinaryPrimitives.ReadUInt16BigEndian(data[OffTpSrc..]);
            ushort tpDst = BinaryPrimitives.ReadUInt16BigEndian(data[OffTpDst..]);
            byte proto = f.U8(FlowLayout.NwProto);
            if (proto == IpProto.Icmp)
            {
                // OpenFlow 1.1 says the ports only count for TCP, UDP and SCTP; ICMP type and code are kept too.
                if ((wc & TpSrc) == 0 && tpSrc >= 0x100)
                {
                    return OfpError.OfpbmcBadField;
                }

                if ((wc & TpDst) == 0 && tpDst >= 0x100)
                {
                    return OfpError.OfpbmcBadField;
                }
            }

            if (proto is IpProto.Icmp or IpProto.Tcp or IpProto.Udp or IpProto.Sctp)
            {
                if ((wc & TpSrc) == 0)
                {
                    f.SetU16(FlowLayout.TpSrc, tpSrc);
                    m.SetU16(FlowLayout.TpSrc, 0xffff);
                }

                if ((wc & TpDst) == 0)
                {
                    f.SetU16(FlowLayout.TpDst, tpDst);
                    m.SetU16(FlowLayout.TpDst, 0xffff);
                }
            }
        }

        if (dlType is EthType.Mpls or EthType.MplsMulticast)
        {
            uint lse = f.U32(FlowLayout.MplsLse);
            uint lseMask = m.U32(FlowLayout.MplsLse);
            if ((wc & MplsLabel) == 0)
            {
                uint label = BinaryPrimitives.ReadUInt32BigEndian(data[OffMplsLabel..]);
                lse = (lse & ~0xfffff000u) | ((label << 12) & 0xfffff000u);
                lseMask |= 0xfffff000u;
            }

            if ((wc & MplsTc) == 0)
            {
                lse = (lse & ~0xe00u) | (((uint)data[OffMplsTc] << 9) & 0xe00u);
                lseMask |= 0xe00u;
            }

            f.SetU32(FlowLayout.MplsLse, lse);
            m.SetU32(FlowLayout.MplsLse, lseMask);
        }

        ulong metadataMask = ~BinaryPrimitives.ReadUInt64BigEndian(data[OffMetadataMask..]);
        f.SetU64(FlowLayout.Metadata, BinaryPrimitives.ReadUInt64BigEndian(data[OffMetadata..]) & metadataMask);
        m.SetU64(FlowLayout.Metadata, metadataMask);
        return OfpError.None;
    }

    /// <summary>Encodes match into the first Size bytes of destination (header included).</summary>
    public static void Encode(in Match match, Span<byte> destination)
    {
        Span<byte> d = destination[..Size];
        d.Clear();
        ref readonly FlowData f = ref match.Flow;
        ref readonly FlowData m = ref match.Wildcards.Masks;
        BinaryPrimitives.WriteUInt16BigEndian(d, TypeStandard);
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], Size);
        uint wc = 0;
        if (m.U16(FlowLayout.InPort) == 0)
        {
            wc |= InPort;
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(d[OffInPort..], FieldAccess.Ofp10ToOfp11(f.U16(FlowLayout.InPort)));
        }

        f.ReadOnlyBytes.Slice(FlowLayout.DlSrc, 6).CopyTo(d[OffDlSrc..]);
        Invert(m.ReadOnlyBytes.Slice(FlowLayout.DlSrc, 6), d.Slice(OffDlSrcMask, 6));
        f.ReadOnlyBytes.Slice(FlowLayout.DlDst, 6).CopyTo(d[OffDlDst..]);
        Invert(m.ReadOnlyBytes.Slice(FlowLayout.DlDst, 6), d.Slice(OffDlDstMask, 6));

        ushort tci = f.U16(FlowLayout.VlanTci);
        ushort tciMask = m.U16(FlowLayout.VlanTci);
        if (tciMask == 0)
        {
            wc |= DlVlan | DlVlanPcp;
        }
        else if ((tciMask & Cfi) != 0 && (tci & Cfi) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[OffDlVlan..], VidNone);
            wc |= DlVlanPcp;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[OffDlVlan..], (tciMask & VidMask) == 0 ? VidAny : (ushort)(tci & VidMask));
            if ((tciMask & PcpMask) == 0)
            {
                wc |= DlVlanPcp;
            }
            else
            {
                d[OffDlVlanPcp] = (byte)(tci >> 13);
            }
        }

        if (m.U16(FlowLayout.DlType) == 0)
        {
            wc |= DlType;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[OffDlType..], Ofp10Match.DlTypeToOpenFlow(f.U16(FlowLayout.DlType)));
        }

        if ((m.U8(FlowLayout.NwTos) & DscpMask) == 0)
        {
            wc |= NwTos;
        }
        else
        {
            d[OffNwTos] = (byte)(f.U8(FlowLayout.NwTos) & DscpMask);
        }

        if (m.U8(FlowLayout.NwProto) == 0)
        {
            wc |= NwProto;
        }
        else
        {
            d[OffNwProto] = f.U8(FlowLayout.NwProto);
        }

        f.ReadOnlyBytes.Slice(FlowLayout.NwSrc, 4).CopyTo(d[OffNwSrc..]);
        Invert(m.ReadOnlyBytes.Slice(FlowLayout.NwSrc, 4), d.Slice(OffNwSrcMask, 4));
        f.ReadOnlyBytes.Slice(FlowLayout.NwDst, 4).CopyTo(d[OffNwDst..]);
        Invert(m.ReadOnlyBytes.Slice(FlowLayout.NwDst, 4), d.Slice(OffNwDstMask, 4));
        if (m.U16(FlowLayout.TpSrc) == 0)
        {
            wc |= TpSrc;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[OffTpSrc..], f.U16(FlowLayout.TpSrc));
        }

        if (m.U16(FlowLayout.TpDst) == 0)
        {
            wc |= TpDst;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[OffTpDst..], f.U16(FlowLayout.TpDst));
        }

        uint lse = f.U32(FlowLayout.MplsLse);
        uint lseMask = m.U32(FlowLayout.MplsLse);
        if ((lseMask & 0xfffff000u) == 0)
        {
            wc |= MplsLabel;
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(d[OffMplsLabel..], lse >> 12);
        }

        if ((lseMask & 0xe00u) == 0)
        {
            wc |= MplsTc;
        }
        else
        {
            d[OffMplsTc] = (byte)((lse >> 9) & 7);
        }

        BinaryPrimitives.WriteUInt64BigEndian(d[OffMetadata..], f.U64(FlowLayout.Metadata));
        BinaryPrimitives.WriteUInt64BigEndian(d[OffMetadataMask..], ~m.U64(FlowLayout.Metadata));
        BinaryPrimitives.WriteUInt32BigEndian(d[OffWildcards..], wc);
    }

    private static void Invert(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (byte)~source[i];
        }
    }

    private static void SetMasked(Span<byte> flow, Span<byte> masks, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask)
    {
        for (int i = 0; i < flow.Length; i++)
        {
            flow[i] = (byte)(value[i] & mask[i]);
            masks[i] = mask[i];
        }
    }
}
