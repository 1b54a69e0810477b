// Upstream: the ETH_TYPE_* constants of lib/packets.h (OVS 3.1).
// Ethernet types the flow vocabulary gives meaning to (host order).
namespace Ovs.Flow.Packets;

internal static class EthType
{
    public const ushort Ip = 0x0800;
    public const ushort Arp = 0x0806;
    public const ushort Rarp = 0x8035;
    public const ushort Vlan8021Q = 0x8100;
    public const ushort Vlan8021AD = 0x88a8;
    public const ushort Ipv6 = 0x86dd;
    public const ushort Mpls = 0x8847;
    public const ushort MplsMulticast = 0x8848;
    public const ushort Nsh = 0x894f;

    /// <summary>FLOW_DL_TYPE_NONE: "not an Ethernet II frame" as a flow's dl_type.</summary>
    public const ushort None = 0x05ff;

    public static bool IsIp(ushort t) => t is Ip or Ipv6;

    public static bool IsArp(ushort t) => t is Arp or Rarp;

    public static bool IsMpls(ushort t) => t is Mpls or MplsMulticast;
}
