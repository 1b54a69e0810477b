// Upstream: tnl_wc_init(), tnl_process_ecn() and tnl_port_send() of ofproto/tunnel.c; the tunnel part of
// compose_output_action__(), the legacy L3 input of xlate_actions() and commit_odp_tunnel_action() of
// ofproto/ofproto-dpif-xlate.c; commit_encap_decap_action() and tun_key_to_attr() of lib/odp-util.c (OVS 3.1)
//
// Tunnels in translation. A packet that came out of a tunnel has its outer header in the flow's tunnel metadata:
// the megaflow always matches the key, the addresses, the tos and the df/csum/key flags; a congestion-experienced
// outer header marks the inner packet, or drops it when the inner packet is not ECN capable. Output to a tunnel
// port fills the tunnel metadata from the port's options (what the options leave to the flow comes from the flow),
// sets it on the datapath with set(tunnel(...)) and outputs to the tunnel type's shared datapath port; the tunnel
// metadata the pipeline sees is then put back, so that only explicit changes to it stay. A legacy L3 port carries
// packets without their Ethernet header: output to one pops it, and input from one gets a zero header pushed.
using System.Buffers.Binary;
using Ovs.Common.Logging;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Packets;
using Ovs.Netdev.Tunnel;
using Ovs.Ofproto.Dpif.Trace;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    private const ushort TunnelFlagOam = 0x1, TunnelFlagDf = 0x2, TunnelFlagCsum = 0x4, TunnelFlagKey = 0x8;
    private const byte EcnMask = 0x03, EcnCe = 0x03, EcnEct0 = 0x02, DscpMask = 0xfc;

    /// <summary>The tunnel metadata's bytes in FlowData (flow_tnl without its UDP ports and options).</summary>
    private const int TunnelSize = FlowLayout.Metadata;

    private static readonly VlogModule s_tunnelLog = VlogModule.Get("tunnel");
    private static readonly VlogRateLimit s_tunnelRateLimit = new(1, 5);

    /// <summary>The outer UDP destination port of the flow's tunnel metadata, and of the datapath's copy.</summary>
    private ushort _tunnelTpDst, _baseTunnelTpDst;

    /// <summary>The outer destination address the packet arrived with (our own address), IPv4 mapped.</summary>
    private UInt128 _origTunnelDst;

    /// <summary>An Ethernet header is in the flow but not yet pushed on the datapath's packet.</summary>
    private bool _pendingEncap;

    private static bool ShouldReceive(in FlowData flow) =>
        flow.U32(FlowLayout.TunDst) != 0 || !flow.IsZero(FlowLayout.TunIpv6Dst, 16);

    /// <summary>flow_tnl_dst(): the outer destination as an IPv6 address (IPv4 mapped).</summary>
    private static UInt128 TunnelDestination(in FlowData flow)
    {
        uint ipv4 = flow.U32(FlowLayout.TunDst);
        return ipv4 != 0
            ? ((UInt128)0xffff << 32) | ipv4
            : BinaryPrimitives.ReadUInt128BigEndian(flow.ReadOnlyBytes.Slice(FlowLayout.TunIpv6Dst, 16));
    }

    /// <summary>tnl_wc_init(): what every flow received from a tunnel matches.</summary>
    private void TunnelWildcards()
    {
        if (!ShouldReceive(in _flow))
        {
            return;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.TunId, 8);
        if (_flow.U32(FlowLayout.TunDst) != 0)
        {
            FlowEdit.Unwildcard(ref _wc, FlowLayout.TunSrc, 8);
        }
        else
        {
            FlowEdit.Unwildcard(ref _wc, FlowLayout.TunIpv6Src, 32);
        }

        _wc.Masks.SetU16(FlowLayout.TunFlags, TunnelFlagDf | TunnelFlagCsum | TunnelFlagKey);
        _wc.Masks.SetU8(FlowLayout.TunTos, 0xff);
        if (FlowEdit.IsIpAny(in _flow) && (_flow.U8(FlowLayout.TunTos) & EcnMask) == EcnCe)
        {
            _wc.Masks.SetU8(FlowLayout.NwTos, (byte)(_wc.Masks.U8(FlowLayout.NwTos) | EcnMask));
        }
    }

    /// <summary>
    /// Before the first lookup: remembers our own tunnel address and gives a packet from a legacy L3 port a zero
    /// Ethernet header (pushed on the datapath at the next commit).
    /// </summary>
    private void TunnelInput()
    {
        _origTunnelDst = TunnelDestination(in _flow);
        if (_flow.U32(FlowLayout.PacketType) != 0
            && _bridge.Ports.ByOfPort(InPort)?.Tunnel?.Config.PacketType == TunnelPacketType.LegacyL3)
        {
            _flow.SetU32(FlowLayout.PacketType, 0);
            _flow.Bytes.Slice(FlowLayout.DlDst, 12).Clear();
            _pendingEncap = true;
        }
    }

    /// <summary>tnl_process_ecn(): false when the packet must be dropped.</summary>
    private bool ProcessTunnelEcn()
    {
        if (!ShouldReceive(in _flow) || !FlowEdit.IsIpAny(in _flow) || (_flow.U8(FlowLayout.TunTos) & EcnMask) != EcnCe)
        {
            return true;
        }

        byte tos = _flow.U8(FlowLayout.NwTos);
        if ((tos & EcnMask) == 0)
        {
            s_tunnelLog.Log(VlogLevel.Warn, s_tunnelRateLimit, "dropping tunnel packet marked ECN CE but is not ECN capable");
            return false;
        }

        _flow.SetU8(FlowLayout.NwTos, (byte)(tos | EcnCe));
        return true;
    }

    /// <summary>compose_output_action__() for a tunnel port.</summary>
    private void TunnelOutput(XlatePort port, XlateTunnel tunnel)
    {
        TunnelConfig cfg = tunnel.Config;
        if (cfg.PacketType == TunnelPacketType.LegacyL2 && _flow.U32(FlowLayout.PacketType) != 0)
        {
            Report(TraceNodeType.Warn, "Trying to send non-Ethernet packet through legacy L2 port. Dropping packet.");
            return;
        }

        FlowData saved = _flow;
        ushort savedTpDst = _tunnelTpDst;
        if (cfg.PacketType == TunnelPacketType.LegacyL3 && _flow.U32(FlowLayout.PacketType) == 0)
        {
            // The Ethernet header goes: the packet type names the Ethertype.
            _flow.SetU32(FlowLayout.PacketType, 0x10000u | _flow.U16(FlowLayout.DlType));
            _pendingEncap = false;
        }

        SendThroughTunnel(cfg);
        if (TunnelDestination(in _flow) == _origTunnelDst)
        {
            Report(TraceNodeType.Warn, "Not tunneling to our own address");
        }
        else if (_bridge.Support.TunnelPushPop)
        {
            Report(TraceNodeType.Detail, "output to native tunnel");
            Report(TraceNodeType.Warn, "native tunnelling (tnl_push) is not translated by this implementation");
        }
        else
        {
            Report(TraceNodeType.Detail, "output to kernel tunnel");
            CommitTunnel(tunnel.Type);
            RestoreTunnel(in saved, savedTpDst);
            Commit();
            _odp.PutU32(OdpActionAttr.Output, port.DpPort);
        }

        RestoreTunnel(in saved, savedTpDst);
        _flow.SetU8(FlowLayout.NwTos, saved.U8(FlowLayout.NwTos));
        saved.ReadOnlyBytes.Slice(FlowLayout.DlDst, 12).CopyTo(_flow.Bytes[FlowLayout.DlDst..]);
        _flow.SetU32(FlowLayout.PacketType, saved.U32(FlowLayout.PacketType));
        _flow.SetU16(FlowLayout.DlType, saved.U16(FlowLayout.DlType));
    }

    private void RestoreTunnel(in FlowData saved, ushort tpDst)
    {
        saved.ReadOnlyBytes[..TunnelSize].CopyTo(_flow.Bytes);
        _tunnelTpDst = tpDst;
    }

    /// <summary>tnl_port_send(): the tunnel metadata a packet sent through a port with <paramref name="cfg"/> gets.</summary>
    private void SendThroughTunnel(TunnelConfig cfg)
    {
        if (!cfg.IpSrcFlow)
        {
            SetTunnelAddress(cfg.Ipv6Src.GetAddressBytes(), FlowLayout.TunSrc, FlowLayout.TunIpv6Src);
        }

        if (!cfg.IpDstFlow)
        {
            SetTunnelAddress(cfg.Ipv6Dst.GetAddressBytes(), FlowLayout.TunDst, FlowLayout.TunIpv6Dst);
        }

        _tunnelTpDst = cfg.DstPort;
        if (!cfg.OutKeyFlow)
        {
            _flow.SetU64(FlowLayout.TunId, cfg.OutKey);
        }

        bool ip = FlowEdit.IsIpAny(in _flow);
        byte nwTos = _flow.U8(FlowLayout.NwTos);
        if (cfg.TtlInherit && ip)
        {
            _wc.Masks.SetU8(FlowLayout.NwTtl, 0xff);
            _flow.SetU8(FlowLayout.TunTtl, _flow.U8(FlowLayout.NwTtl));
        }
        else
        {
            _flow.SetU8(FlowLayout.TunTtl, cfg.Ttl);
        }

        byte tos = cfg.Tos;
        if (cfg.TosInherit && ip)
        {
            _wc.Masks.SetU8(FlowLayout.NwTos, (byte)(_wc.Masks.U8(FlowLayout.NwTos) | DscpMask));
            tos = (byte)(nwTos & DscpMask);
        }

        // The outer header's ECN follows the inner one's; congestion experienced becomes ECT(0).
        if (ip)
        {
            _wc.Masks.SetU8(FlowLayout.NwTos, (byte)(_wc.Masks.U8(FlowLayout.NwTos) | EcnMask));
            tos |= (nwTos & EcnMask) == EcnCe ? EcnEct0 : (byte)(nwTos & EcnMask);
        }

        _flow.SetU8(FlowLayout.TunTos, tos);
        ushort flags = (ushort)(_flow.U16(FlowLayout.TunFlags) & TunnelFlagOam);
        flags |= (ushort)((cfg.DontFragment ? TunnelFlagDf : 0) | (cfg.Csum ? TunnelFlagCsum : 0) | (cfg.OutKeyPresent ? TunnelFlagKey : 0));
        _flow.SetU16(FlowLayout.TunFlags, flags);
        if (cfg.SetEgressPktMark)
        {
            _flow.SetU32(FlowLayout.PktMark, cfg.EgressPktMark);
            _wc.Masks.SetU32(FlowLayout.PktMark, uint.MaxValue);
        }

        if (!cfg.ErspanVerFlow)
        {
            _flow.SetU8(FlowLayout.TunErspanVer, cfg.ErspanVer);
        }

        if (!cfg.ErspanIdxFlow)
        {
            _flow.SetU32(FlowLayout.TunErspanIdx, cfg.ErspanIdx);
        }

        if (!cfg.ErspanDirFlow)
        {
            _flow.SetU8(FlowLayout.TunErspanDir, cfg.ErspanDir);
        }

        if (!cfg.ErspanHwidFlow)
        {
            _flow.SetU8(FlowLayout.TunErspanHwid, cfg.ErspanHwid);
        }
    }

    /// <summary>An IPv4-mapped address goes to the IPv4 member (the IPv6 one cleared), any other to the IPv6 one.</summary>
    private void SetTunnelAddress(byte[] ipv6, int ipv4Offset, int ipv6Offset)
    {
        Span<byte> f = _flow.Bytes;
        bool mapped = ipv6.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && ipv6[10] == 0xff && ipv6[11] == 0xff;
        if (mapped && ipv6.AsSpan(12).IndexOfAnyExcept((byte)0) >= 0)
        {
            ipv6.AsSpan(12, 4).CopyTo(f[ipv4Offset..]);
            f.Slice(ipv6Offset, 16).Clear();
        }
        else
        {
            f.Slice(ipv4Offset, 4).Clear();
            ipv6.CopyTo(f[ipv6Offset..]);
        }
    }

    /// <summary>commit_odp_tunnel_action(): set(tunnel(...)) when the tunnel metadata differs from the datapath's.</summary>
    private void CommitTunnel(string type)
    {
        if (!ShouldReceive(in _flow)
            || (_flow.ReadOnlyBytes[..TunnelSize].SequenceEqual(_base.ReadOnlyBytes[..TunnelSize]) && _tunnelTpDst == _baseTunnelTpDst))
        {
            return;
        }

        _flow.ReadOnlyBytes[..TunnelSize].CopyTo(_base.Bytes);
        _baseTunnelTpDst = _tunnelTpDst;
        int set = _odp.BeginNested(OdpActionAttr.Set);
        TunnelKeyEncoder.Put(_odp, in _flow, _tunnelTpDst, type);
        _odp.EndNested(set);
    }

    /// <summary>
    /// commit_encap_decap_action(), for the Ethernet header: push the pending one, or pop it when the flow no longer
    /// has one.
    /// </summary>
    private void CommitPacketType()
    {
        uint packetType = _flow.U32(FlowLayout.PacketType);
        if (_pendingEncap && packetType == 0)
        {
            Span<byte> addresses = _odp.Put(OdpActionAttr.PushEth, 12);
            _flow.ReadOnlyBytes.Slice(FlowLayout.DlSrc, 6).CopyTo(addresses);
            _flow.ReadOnlyBytes.Slice(FlowLayout.DlDst, 6).CopyTo(addresses[6..]);
            _base.SetU32(FlowLayout.PacketType, 0);
            _flow.ReadOnlyBytes.Slice(FlowLayout.DlDst, 12).CopyTo(_base.Bytes[FlowLayout.DlDst..]);
            _pendingEncap = false;
        }
        else if (packetType != _base.U32(FlowLayout.PacketType) && _base.U32(FlowLayout.PacketType) == 0)
        {
            _odp.PutFlag(OdpActionAttr.PopEth);
            _base.SetU32(FlowLayout.PacketType, packetType);
            _base.SetU16(FlowLayout.DlType, (ushort)packetType);
            _base.Bytes.Slice(FlowLayout.DlDst, 12).Clear();
        }
    }
}
