// Upstream: struct flow in include/openvswitch/flow.h (OVS 3.1), laid out our own way.
// Byte offsets of every member of FlowData. All members hold network byte order, so a field's bytes are what
// NXM/OXM carry and what a packet holds; FlowWildcards uses the same layout for masks. Members that several
// fields share (nw_src for ip_src and arp_spa, tp_src for tcp/udp/sctp ports and ICMP type, vlan_tci for the four
// VLAN fields, ...) are shared here too, because matching semantics depend on that sharing. Members are aligned to
// their natural size so that word-wise hashing and comparison see each field in one place.
//
// Tunnel metadata (Geneve options) is a 256-byte option space plus a 64-bit map of which of tun_metadata0..63 are
// present; where each option sits in the space is decided by a TLV table or, without one, by the match itself
// (TunMetadataAllocation). The rest of upstream's VLAN and MPLS stacks (the TPIDs, the second VLAN header and the
// second and third MPLS labels, which OpenFlow cannot match but packet parsing and printing use) sit after the
// option space so that the older members keep their places.
namespace Ovs.Flow;

internal static class FlowLayout
{
    public const int TunId = 0;
    public const int TunIpv6Src = 8;
    public const int TunIpv6Dst = 24;
    public const int TunSrc = 40;
    public const int TunDst = 44;
    public const int TunFlags = 48;
    public const int TunGbpId = 50;
    public const int TunTos = 52;
    public const int TunTtl = 53;
    public const int TunGbpFlags = 54;
    public const int TunErspanVer = 55;
    public const int TunErspanIdx = 56;
    public const int TunErspanDir = 60;
    public const int TunErspanHwid = 61;
    public const int TunGtpuFlags = 62;
    public const int TunGtpuMsgtype = 63;
    public const int Metadata = 64;
    public const int Regs = 72;
    public const int SkbPriority = 136;
    public const int PktMark = 140;
    public const int DpHash = 144;
    public const int RecircId = 148;
    public const int InPort = 152;
    public const int ActsetOutput = 154;
    public const int CtState = 156;
    public const int CtNwProto = 157;
    public const int CtZone = 158;
    public const int CtMark = 160;
    public const int ConjId = 164;
    public const int CtLabel = 168;
    public const int PacketType = 184;
    public const int MplsLse = 188;
    public const int DlDst = 192;
    public const int DlSrc = 198;
    public const int DlType = 204;
    public const int VlanTci = 206;
    public const int NwSrc = 208;
    public const int NwDst = 212;
    public const int CtNwSrc = 216;
    public const int CtNwDst = 220;
    public const int Ipv6Src = 224;
    public const int Ipv6Dst = 240;
    public const int CtIpv6Src = 256;
    public const int CtIpv6Dst = 272;
    public const int NdTarget = 288;
    public const int Ipv6Label = 304;
    public const int IgmpGroupIp4 = 308;
    public const int NwFrag = 312;
    public const int NwTos = 313;
    public const int NwTtl = 314;
    public const int NwProto = 315;
    public const int TcpFlags = 316;
    public const int TpSrc = 318;
    public const int TpDst = 320;
    public const int CtTpSrc = 322;
    public const int CtTpDst = 324;
    public const int ArpSha = 326;
    public const int ArpTha = 332;
    public const int NshFlags = 338;
    public const int NshTtl = 339;
    public const int NshMdtype = 340;
    public const int NshNp = 341;
    public const int NshPathHdr = 344;
    public const int NshContext = 348;

    /// <summary>Bit i (of the big-endian 64-bit value) set when tun_metadata{i} is present.</summary>
    public const int TunMetadataPresent = 368;
    public const int TunMetadataOpts = 376;
    public const int TunMetadataOptsSize = 256;

    /// <summary>TPID of the outer VLAN header (vlans[0].tpid); its TCI is VlanTci.</summary>
    public const int VlanTpid = 632;

    /// <summary>TPID and TCI of the inner VLAN header (vlans[1]).</summary>
    public const int Vlan1Tpid = 634;
    public const int Vlan1Tci = 636;

    /// <summary>The second and third MPLS label stack entries (mpls_lse[1], mpls_lse[2]).</summary>
    public const int MplsLse1 = 640;
    public const int MplsLse2 = 644;

    /// <summary>Total size in bytes, a whole number of 64-bit words.</summary>
    public const int Size = 648;

    public const int WordCount = Size / 8;
}
