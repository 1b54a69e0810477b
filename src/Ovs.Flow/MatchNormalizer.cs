// Upstream: ofputil_normalize_match() in lib/ofp-match.c (OVS 3.1).
// Clears the parts of a match that its Ethernet type and IP protocol make meaningless (tp_src without TCP/UDP/
// SCTP/ICMP, nw_src without IPv4 or ARP, ...), as ovs-ofctl does before sending a flow. The caller logs the
// "normalization changed ofp_match" lines when this returns true (codecs do not log).
using Ovs.Flow.Packets;

namespace Ovs.Flow;

internal static class MatchNormalizer
{
    [Flags]
    private enum May
    {
        None = 0,
        NwAddr = 1 << 0,
        TpAddr = 1 << 1,
        NwProto = 1 << 2,
        IpVx = 1 << 3,
        ArpSha = 1 << 4,
        ArpTha = 1 << 5,
        Ipv6 = 1 << 6,
        NdTarget = 1 << 7,
        Mpls = 1 << 8,
        Ether = 1 << 9,
    }

    /// <summary>Normalizes match in place; returns whether anything changed.</summary>
    public static bool Normalize(ref Match match)
    {
        ref FlowData f = ref match.Flow;
        FlowWildcards wc = match.Wildcards;
        ref FlowData m = ref wc.Masks;
        May may;
        ushort dlType;
        uint ptMask = m.U32(FlowLayout.PacketType);
        uint pt = f.U32(FlowLayout.PacketType);
        if (ptMask == 0 || match.HasDefaultPacketType)
        {
            may = May.Ether;
            dlType = f.U16(FlowLayout.DlType);
        }
        else if (ptMask == uint.MaxValue && (pt >> 16) == 1)
        {
            may = May.None;
            dlType = (ushort)pt;
        }
        else
        {
            may = May.None;
            dlType = 0;
        }

        byte proto = f.U8(FlowLayout.NwProto);
        ushort tpSrc = f.U16(FlowLayout.TpSrc);
        switch (dlType)
        {
            case EthType.Ip:
                may |= May.NwProto | May.IpVx | May.NwAddr;
                if (proto is IpProto.Tcp or IpProto.Udp or IpProto.Sctp or IpProto.Icmp)
                {
                    may |= May.TpAddr;
                }

                break;
            case EthType.Ipv6:
                may |= May.NwProto | May.IpVx | May.Ipv6;
                if (proto is IpProto.Tcp or IpProto.Udp or IpProto.Sctp)
                {
                    may |= May.TpAddr;
                }
                else if (proto == IpProto.Icmpv6)
                {
                    may |= May.TpAddr;
                    if (tpSrc == IpProto.NdNeighborSolicit)
                    {
                        may |= May.NdTarget | May.ArpSha;
                    }
                    else if (tpSrc == IpProto.NdNeighborAdvert)
                    {
                        may |= May.NdTarget | May.ArpTha;
                    }
                }

                break;
            case EthType.Arp or EthType.Rarp:
                may |= May.NwProto | May.NwAddr | May.ArpSha | May.ArpTha;
                break;
            case EthType.Mpls or EthType.MplsMulticast:
                may |= May.Mpls;
                break;
        }

        Span<byte> masks = m.Bytes;
        Clear(masks, may, May.Ether, FlowLayout.DlSrc, 6, FlowLayout.DlDst, 6);
        Clear(masks, may, May.NwAddr, FlowLayout.NwSrc, 4, FlowLayout.NwDst, 4);
        Clear(masks, may, May.TpAddr, FlowLayout.TpSrc, 2, FlowLayout.TpDst, 2);
        Clear(masks, may, May.NwProto, FlowLayout.NwProto, 1, 0, 0);
        Clear(masks, may, May.IpVx, FlowLayout.NwTos, 1, FlowLayout.NwTtl, 1);
        Clear(masks, may, May.ArpSha, FlowLayout.ArpSha, 6, 0, 0);
        Clear(masks, may, May.ArpTha, FlowLayout.ArpTha, 6, 0, 0);
        Clear(masks, may, May.Ipv6, FlowLayout.Ipv6Src, 32, FlowLayout.Ipv6Label, 4);
        Clear(masks, may, May.NdTarget, FlowLayout.NdTarget, 16, 0, 0);
        Clear(masks, may, May.Mpls, FlowLayout.MplsLse, 4, 0, 0);

        if (wc == match.Wildcards)
        {
            return false;
        }

        match.Wildcards = wc;
        ZeroWildcardedFields(ref match);
        return true;
    }

    /// <summary>match_zero_wildcarded_fields: clears flow bits that the wildcards do not cover.</summary>
    public static void ZeroWildcardedFields(ref Match match)
    {
        Span<ulong> words = match.Flow.WordSpan;
        ReadOnlySpan<ulong> masks = match.Wildcards.Masks.ReadOnlyWords;
        for (int i = 0; i < words.Length; i++)
        {
            words[i] &= masks[i];
        }
    }

    private static void Clear(Span<byte> masks, May may, May flag, int offset1, int size1, int offset2, int size2)
    {
        if ((may & flag) != 0)
        {
            return;
        }

        masks.Slice(offset1, size1).Clear();
        masks.Slice(offset2, size2).Clear();
    }
}
