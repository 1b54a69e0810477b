// Upstream: enum ovs_key_attr and its nested enums in include/linux/openvswitch.h (OVS 3.1, numbering is ABI).
// Attribute types of datapath flow keys and masks. 29 and 30 (packet_type, nd_ext) are userspace-only.
namespace Ovs.Dpif.Odp;

internal static class OdpKeyAttr
{
    public const ushort Unspec = 0;
    public const ushort Encap = 1;
    public const ushort Priority = 2;
    public const ushort InPort = 3;
    public const ushort Ethernet = 4;
    public const ushort Vlan = 5;
    public const ushort Ethertype = 6;
    public const ushort Ipv4 = 7;
    public const ushort Ipv6 = 8;
    public const ushort Tcp = 9;
    public const ushort Udp = 10;
    public const ushort Icmp = 11;
    public const ushort Icmpv6 = 12;
    public const ushort Arp = 13;
    public const ushort Nd = 14;
    public const ushort SkbMark = 15;
    public const ushort Tunnel = 16;
    public const ushort Sctp = 17;
    public const ushort TcpFlags = 18;
    public const ushort DpHash = 19;
    public const ushort RecircId = 20;
    public const ushort Mpls = 21;
    public const ushort CtState = 22;
    public const ushort CtZone = 23;
    public const ushort CtMark = 24;
    public const ushort CtLabels = 25;
    public const ushort CtOrigTupleIpv4 = 26;
    public const ushort CtOrigTupleIpv6 = 27;
    public const ushort Nsh = 28;
    public const ushort PacketType = 29;
    public const ushort NdExtensions = 30;
    public const ushort TunnelInfo = 31;
    public const ushort Max = 31;

    /// <summary>Payload size of each key attribute; Nested and Variable mark the others.</summary>
    public const int Nested = -2;
    public const int Variable = -1;

    public static int ExpectedSize(ushort type) => type switch
    {
        Encap => Nested,
        Priority or InPort or SkbMark or DpHash or RecircId or CtState or CtMark or PacketType => 4,
        Ethernet => 12,
        Vlan or Ethertype or TcpFlags or CtZone => 2,
        Ipv4 => 12,
        Ipv6 => 40,
        Tcp or Udp or Sctp or Icmp or Icmpv6 => type is Icmp or Icmpv6 ? 2 : 4,
        Arp => 24,
        Nd => 28,
        Tunnel => Nested,
        Mpls => Variable,
        CtLabels => 16,
        CtOrigTupleIpv4 => 13,
        CtOrigTupleIpv6 => 37,
        Nsh => Nested,
        NdExtensions => 8,

        // Types in range without an entry (unspec, tunnel_info) must be empty, as upstream's zero-filled table says.
        <= Max => 0,
        _ => Variable,
    };

    public static string? Name(ushort type) => type switch
    {
        Unspec => "unspec",
        Encap => "encap",
        Priority => "skb_priority",
        SkbMark => "skb_mark",
        CtState => "ct_state",
        CtZone => "ct_zone",
        CtMark => "ct_mark",
        CtLabels => "ct_label",
        CtOrigTupleIpv4 => "ct_tuple4",
        CtOrigTupleIpv6 => "ct_tuple6",
        Tunnel => "tunnel",
        InPort => "in_port",
        Ethernet => "eth",
        Vlan => "vlan",
        Ethertype => "eth_type",
        Ipv4 => "ipv4",
        Ipv6 => "ipv6",
        Tcp => "tcp",
        TcpFlags => "tcp_flags",
        Udp => "udp",
        Sctp => "sctp",
        Icmp => "icmp",
        Icmpv6 => "icmpv6",
        Arp => "arp",
        Nd => "nd",
        NdExtensions => "nd_ext",
        Mpls => "mpls",
        DpHash => "dp_hash",
        RecircId => "recirc_id",
        PacketType => "packet_type",
        Nsh => "nsh",
        TunnelInfo => "<error: kernel-only tunnel_info>",
        _ => null,
    };
}

/// <summary>enum ovs_tunnel_key_attr.</summary>
internal static class OdpTunnelAttr
{
    public const ushort Id = 0;
    public const ushort Ipv4Src = 1;
    public const ushort Ipv4Dst = 2;
    public const ushort Tos = 3;
    public const ushort Ttl = 4;
    public const ushort DontFragment = 5;
    public const ushort Csum = 6;
    public const ushort Oam = 7;
    public const ushort GeneveOpts = 8;
    public const ushort TpSrc = 9;
    public const ushort TpDst = 10;
    public const ushort VxlanOpts = 11;
    public const ushort Ipv6Src = 12;
    public const ushort Ipv6Dst = 13;
    public const ushort Pad = 14;
    public const ushort ErspanOpts = 15;
    public const ushort GtpuOpts = 16;
    public const ushort Max = 16;

    public static int ExpectedSize(ushort type) => type switch
    {
        Id => 8,
        Ipv4Src or Ipv4Dst => 4,
        Tos or Ttl => 1,
        DontFragment or Csum or Oam => 0,
        GeneveOpts => OdpKeyAttr.Variable,
        TpSrc or TpDst => 2,
        VxlanOpts => OdpKeyAttr.Nested,
        Ipv6Src or Ipv6Dst => 16,
        ErspanOpts => OdpKeyAttr.Variable,
        GtpuOpts => 2,
        Pad => 0,
        _ => OdpKeyAttr.Variable,
    };

    /// <summary>OVS_VXLAN_EXT_GBP inside VxlanOpts.</summary>
    public const ushort VxlanExtGbp = 1;

    public const ushort VxlanExtMax = 1;

    /// <summary>Expected sizes of the attributes nested in VxlanOpts.</summary>
    public static int VxlanExtSize(ushort type) => type == VxlanExtGbp ? 4 : OdpKeyAttr.Variable;
}

/// <summary>enum ovs_nsh_key_attr.</summary>
internal static class OdpNshAttr
{
    public const ushort Base = 1;
    public const ushort Md1 = 2;
    public const ushort Md2 = 3;

    public static int ExpectedSize(ushort type) => type switch
    {
        Base => 8,
        Md1 => 16,
        Md2 => OdpKeyAttr.Variable,
        0 => 0,
        _ => OdpKeyAttr.Variable,
    };
}

/// <summary>enum ovs_frag_type: the ipv4/ipv6 frag member of ODP keys.</summary>
internal static class OdpFrag
{
    public const byte None = 0;
    public const byte First = 1;
    public const byte Later = 2;
}
