// Upstream: the per-field cases of mf_get_value()/mf_set_value()/mf_is_all_wild() in lib/meta-flow.c (OVS 3.1),
// expressed as data: where in FlowData each field lives.
//
// A numeric field occupies bits [Shift, Shift + width) of a big-endian member of StorageSize bytes, with Mask
// giving the member bits that belong to the field (so ip_dscp is bits 2..7 of nw_tos, and nsh_spi the top 24
// bits of the NSH path header). A byte field is the member itself (Ethernet and IPv6 addresses, 128-bit values).
// Fields that share a member share its bits, which is what makes "arp_op" and "nw_proto" duplicates of each
// other in one match.
namespace Ovs.Flow.Fields;

internal enum StorageKind : byte
{
    /// <summary>The field is a number held in some bits of a member of up to 8 bytes.</summary>
    Numeric,

    /// <summary>The field's bytes are the member's bytes.</summary>
    Bytes,

    /// <summary>An OpenFlow 1.1+ port number held as the 16-bit OpenFlow 1.0 port.</summary>
    Ofp11Port,

    /// <summary>Not held in FlowData (tun_metadata, which needs the tunnel TLV map).</summary>
    None,
}

internal readonly record struct FieldStorage(StorageKind Kind, int Offset, int StorageSize, int Shift, ulong Mask)
{
    /// <summary>The member bits the field covers, shifted into place.</summary>
    public ulong PlacedMask => Mask << Shift;

    public static FieldStorage Of(FieldId id) => s_table[(int)id];

    private static readonly FieldStorage[] s_table = Build();

    private static FieldStorage N(int offset, int size, int shift = 0, ulong mask = 0) =>
        new(StorageKind.Numeric, offset, size, shift, mask == 0 ? (size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1) : mask);

    private static FieldStorage B(int offset, int size) => new(StorageKind.Bytes, offset, size, 0, 0);

    private static FieldStorage[] Build()
    {
        var t = new FieldStorage[FieldTable.All.Length];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = Describe((FieldId)i);
        }

        return t;
    }

    private static FieldStorage Describe(FieldId id)
    {
        if (id is >= FieldId.Reg0 and <= FieldId.Reg15)
        {
            return N(FlowLayout.Regs + (4 * (id - FieldId.Reg0)), 4);
        }

        if (id is >= FieldId.Xreg0 and <= FieldId.Xreg7)
        {
            return N(FlowLayout.Regs + (8 * (id - FieldId.Xreg0)), 8);
        }

        if (id is >= FieldId.Xxreg0 and <= FieldId.Xxreg3)
        {
            return B(FlowLayout.Regs + (16 * (id - FieldId.Xxreg0)), 16);
        }

        if (id is >= FieldId.NshC1 and <= FieldId.NshC4)
        {
            return N(FlowLayout.NshContext + (4 * (id - FieldId.NshC1)), 4);
        }

        if (id is >= FieldId.TunMetadata0 and <= FieldId.TunMetadata63)
        {
            return new(StorageKind.None, 0, 0, 0, 0);
        }

        return id switch
        {
            FieldId.DpHash => N(FlowLayout.DpHash, 4),
            FieldId.RecircId => N(FlowLayout.RecircId, 4),
            FieldId.PacketType => N(FlowLayout.PacketType, 4),
            FieldId.ConjId => N(FlowLayout.ConjId, 4),
            FieldId.TunId => N(FlowLayout.TunId, 8),
            FieldId.TunSrc => N(FlowLayout.TunSrc, 4),
            FieldId.TunDst => N(FlowLayout.TunDst, 4),
            FieldId.TunIpv6Src => B(FlowLayout.TunIpv6Src, 16),
            FieldId.TunIpv6Dst => B(FlowLayout.TunIpv6Dst, 16),
            FieldId.TunFlags => N(FlowLayout.TunFlags, 2, 0, 0x0001),
            FieldId.TunTtl => N(FlowLayout.TunTtl, 1),
            FieldId.TunTos => N(FlowLayout.TunTos, 1),
            FieldId.TunGbpId => N(FlowLayout.TunGbpId, 2),
            FieldId.TunGbpFlags => N(FlowLayout.TunGbpFlags, 1),
            FieldId.TunErspanIdx => N(FlowLayout.TunErspanIdx, 4),
            FieldId.TunErspanVer => N(FlowLayout.TunErspanVer, 1),
            FieldId.TunErspanDir => N(FlowLayout.TunErspanDir, 1),
            FieldId.TunErspanHwid => N(FlowLayout.TunErspanHwid, 1),
            FieldId.TunGtpuFlags => N(FlowLayout.TunGtpuFlags, 1),
            FieldId.TunGtpuMsgtype => N(FlowLayout.TunGtpuMsgtype, 1),
            FieldId.Metadata => N(FlowLayout.Metadata, 8),
            FieldId.InPort => N(FlowLayout.InPort, 2),
            FieldId.InPortOxm => new(StorageKind.Ofp11Port, FlowLayout.InPort, 2, 0, 0xffff),
            FieldId.ActsetOutput => new(StorageKind.Ofp11Port, FlowLayout.ActsetOutput, 2, 0, 0xffff),
            FieldId.SkbPriority => N(FlowLayout.SkbPriority, 4),
            FieldId.PktMark => N(FlowLayout.PktMark, 4),
            FieldId.CtState => N(FlowLayout.CtState, 1),
            FieldId.CtZone => N(FlowLayout.CtZone, 2),
            FieldId.CtMark => N(FlowLayout.CtMark, 4),
            FieldId.CtLabel => B(FlowLayout.CtLabel, 16),
            FieldId.CtNwProto => N(FlowLayout.CtNwProto, 1),
            FieldId.CtNwSrc => N(FlowLayout.CtNwSrc, 4),
            FieldId.CtNwDst => N(FlowLayout.CtNwDst, 4),
            FieldId.CtIpv6Src => B(FlowLayout.CtIpv6Src, 16),
            FieldId.CtIpv6Dst => B(FlowLayout.CtIpv6Dst, 16),
            FieldId.CtTpSrc => N(FlowLayout.CtTpSrc, 2),
            FieldId.CtTpDst => N(FlowLayout.CtTpDst, 2),
            FieldId.EthSrc => B(FlowLayout.DlSrc, 6),
            FieldId.EthDst => B(FlowLayout.DlDst, 6),
            FieldId.EthType => N(FlowLayout.DlType, 2),
            FieldId.VlanTci => N(FlowLayout.VlanTci, 2),
            FieldId.DlVlan => N(FlowLayout.VlanTci, 2, 0, 0x0fff),
            FieldId.VlanVid => N(FlowLayout.VlanTci, 2, 0, 0x1fff),
            FieldId.DlVlanPcp => N(FlowLayout.VlanTci, 2, 13, 0x7),
            FieldId.VlanPcp => N(FlowLayout.VlanTci, 2, 13, 0x7),
            FieldId.MplsLabel => N(FlowLayout.MplsLse, 4, 12, 0xfffff),
            FieldId.MplsTc => N(FlowLayout.MplsLse, 4, 9, 0x7),
            FieldId.MplsBos => N(FlowLayout.MplsLse, 4, 8, 0x1),
            FieldId.MplsTtl => N(FlowLayout.MplsLse, 4, 0, 0xff),
            FieldId.Ipv4Src => N(FlowLayout.NwSrc, 4),
            FieldId.Ipv4Dst => N(FlowLayout.NwDst, 4),
            FieldId.Ipv6Src => B(FlowLayout.Ipv6Src, 16),
            FieldId.Ipv6Dst => B(FlowLayout.Ipv6Dst, 16),
            FieldId.Ipv6Label => N(FlowLayout.Ipv6Label, 4),
            FieldId.IpProto => N(FlowLayout.NwProto, 1),
            FieldId.IpDscp => N(FlowLayout.NwTos, 1, 0, 0xfc),
            FieldId.IpDscpShifted => N(FlowLayout.NwTos, 1, 2, 0x3f),
            FieldId.IpEcn => N(FlowLayout.NwTos, 1, 0, 0x03),
            FieldId.IpTtl => N(FlowLayout.NwTtl, 1),
            FieldId.IpFrag => N(FlowLayout.NwFrag, 1, 0, 0x03),
            FieldId.ArpOp => N(FlowLayout.NwProto, 1),
            FieldId.ArpSpa => N(FlowLayout.NwSrc, 4),
            FieldId.ArpTpa => N(FlowLayout.NwDst, 4),
            FieldId.ArpSha => B(FlowLayout.ArpSha, 6),
            FieldId.ArpTha => B(FlowLayout.ArpTha, 6),
            FieldId.TcpSrc or FieldId.UdpSrc or FieldId.SctpSrc => N(FlowLayout.TpSrc, 2),
            FieldId.TcpDst or FieldId.UdpDst or FieldId.SctpDst => N(FlowLayout.TpDst, 2),
            FieldId.TcpFlags => N(FlowLayout.TcpFlags, 2),
            FieldId.Icmpv4Type or FieldId.Icmpv6Type => N(FlowLayout.TpSrc, 2),
            FieldId.Icmpv4Code or FieldId.Icmpv6Code => N(FlowLayout.TpDst, 2),
            FieldId.NdTarget => B(FlowLayout.NdTarget, 16),
            FieldId.NdSll => B(FlowLayout.ArpSha, 6),
            FieldId.NdTll => B(FlowLayout.ArpTha, 6),
            FieldId.NdReserved => N(FlowLayout.IgmpGroupIp4, 4),
            FieldId.NdOptionsType => N(FlowLayout.TcpFlags, 2),
            FieldId.NshFlags => N(FlowLayout.NshFlags, 1),
            FieldId.NshTtl => N(FlowLayout.NshTtl, 1),
            FieldId.NshMdtype => N(FlowLayout.NshMdtype, 1),
            FieldId.NshNp => N(FlowLayout.NshNp, 1),
            FieldId.NshSpi => N(FlowLayout.NshPathHdr, 4, 8, 0xffffff),
            FieldId.NshSi => N(FlowLayout.NshPathHdr, 4, 0, 0xff),
            _ => throw new InvalidOperationException($"no storage for field {id}"),
        };
    }
}
