// Upstream: struct flow_tnl in lib/packets.h (OVS 3.1), as pkt_metadata carries it for a packet.
//
// The tunnel a packet was received from, or the tunnel a set(tunnel(...)) action asked it to be sent into. Values
// are host order; the Geneve options are kept raw, as they appear on the wire (upstream's UDPIF form), because
// only the port that finally encapsulates knows how to lay them out. A packet without a tunnel has Ipv4Dst == 0 and
// a zero Ipv6Dst (upstream's flow_tnl_dst_is_set).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ovs.Flow.Packets;

namespace Ovs.Netdev.Packets;

[StructLayout(LayoutKind.Auto)]
internal struct DpPacketTunnel
{
    /// <summary>FLOW_TNL_F_DONT_FRAGMENT.</summary>
    public const ushort FlagDontFragment = 1 << 1;

    /// <summary>FLOW_TNL_F_CSUM.</summary>
    public const ushort FlagCsum = 1 << 2;

    /// <summary>FLOW_TNL_F_KEY: the tunnel id was given.</summary>
    public const ushort FlagKey = 1 << 3;

    /// <summary>FLOW_TNL_F_OAM.</summary>
    public const ushort FlagOam = 1 << 0;

    public ulong TunId;

    public uint Ipv4Src;

    public uint Ipv4Dst;

    public Ipv6Address Ipv6Src;

    public Ipv6Address Ipv6Dst;

    public ushort Flags;

    public byte Tos;

    public byte Ttl;

    public ushort TpSrc;

    public ushort TpDst;

    public ushort GbpId;

    public byte GbpFlags;

    public byte ErspanVer;

    public uint ErspanIdx;

    public byte ErspanDir;

    public byte ErspanHwid;

    public byte GtpuFlags;

    public byte GtpuMsgtype;

    /// <summary>Bytes of <see cref="GeneveOptions"/> in use.</summary>
    public byte GeneveOptionsSize;

    public TunnelOptionBytes GeneveOptions;

    public readonly bool IsSet => Ipv4Dst != 0 || !Ipv6Dst.IsZero;
}

/// <summary>Room for the Geneve options of one packet (at most 252 bytes on the wire).</summary>
[InlineArray(Size)]
internal struct TunnelOptionBytes
{
    public const int Size = 252;

    private byte _first;
}
