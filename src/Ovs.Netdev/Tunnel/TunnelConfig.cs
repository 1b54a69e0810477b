// Upstream: struct netdev_tunnel_config and enum netdev_pt_mode in lib/netdev.h (OVS 3.1)
//
// A tunnel port's configuration as the device holds it after parsing its options. Addresses are kept as 16-byte
// IPv6 addresses, IPv4 ones mapped (::ffff:a.b.c.d), so "unset" is the all-zero address for both families. Two
// configurations are equal when every setting is (record equality), which is how a device tells whether its
// options really changed.
using System.Net;

namespace Ovs.Netdev.Tunnel;

/// <summary>What kinds of packets a tunnel port presents to OpenFlow (options:packet_type).</summary>
internal enum TunnelPacketType
{
    /// <summary>"ptap": packet type aware, any packet with its packet_type.</summary>
    Aware,

    /// <summary>"legacy_l2": Ethernet frames only.</summary>
    LegacyL2,

    /// <summary>"legacy_l3": IP packets, shown to OpenFlow with a dummy Ethernet header.</summary>
    LegacyL3,
}

internal sealed record TunnelConfig
{
    public static readonly IPAddress Unset = IPAddress.IPv6Any;

    /// <summary>The configuration a device starts with: don't fragment, TTL 64, packet type aware.</summary>
    public static TunnelConfig Initial(ushort dstPort) => new() { DstPort = dstPort };

    public const byte DefaultTtl = 64;

    public ulong InKey { get; init; }

    public bool InKeyPresent { get; init; }

    public bool InKeyFlow { get; init; }

    public ulong OutKey { get; init; }

    public bool OutKeyPresent { get; init; }

    public bool OutKeyFlow { get; init; }

    public ushort PayloadEthertype { get; init; }

    /// <summary>bareudp's multiprotocol mode (payload_type=mpls or ip).</summary>
    public bool Multiproto { get; init; }

    public ushort DstPort { get; init; }

    public bool IpSrcFlow { get; init; }

    public bool IpDstFlow { get; init; }

    public IPAddress Ipv6Src { get; init; } = Unset;

    public IPAddress Ipv6Dst { get; init; } = Unset;

    /// <summary>VXLAN Group Based Policy extension (exts=gbp).</summary>
    public bool Gbp { get; init; }

    /// <summary>VXLAN Generic Protocol Extension (exts=gpe).</summary>
    public bool Gpe { get; init; }

    public uint EgressPktMark { get; init; }

    public bool SetEgressPktMark { get; init; }

    public byte Ttl { get; init; } = DefaultTtl;

    public bool TtlInherit { get; init; }

    public byte Tos { get; init; }

    public bool TosInherit { get; init; }

    public bool Csum { get; init; }

    public bool DontFragment { get; init; } = true;

    public TunnelPacketType PacketType { get; init; }

    public bool SetSeq { get; init; }

    public uint ErspanIdx { get; init; }

    public byte ErspanVer { get; init; }

    public byte ErspanDir { get; init; }

    public byte ErspanHwid { get; init; }

    public bool ErspanVerFlow { get; init; }

    public bool ErspanIdxFlow { get; init; }

    public bool ErspanDirFlow { get; init; }

    public bool ErspanHwidFlow { get; init; }

    /// <summary>True when remote_ip names an address (not "flow", not unset).</summary>
    public bool HasRemoteIp => !Ipv6Dst.Equals(Unset);

    /// <summary>True when local_ip names an address.</summary>
    public bool HasLocalIp => !Ipv6Src.Equals(Unset);

    /// <summary>An address as upstream prints it: IPv4-mapped addresses in dotted quads, others in IPv6 notation.</summary>
    public static string FormatAddress(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
}
