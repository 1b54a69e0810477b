// Upstream: odp_flow_key_from_flow(), odp_flow_key_from_mask() (lib/odp-util.c, OVS 3.1).
// Converts between FlowData (+ a FlowData of mask bits) and datapath flow key/mask attributes.
//
// Encoding writes attributes in upstream's order: skb_priority, tunnel (when the flow has tunnel addresses, or
// always for a mask), skb_mark, ct_state, ct_zone, ct_mark, ct_label, the conntrack original tuple (when
// ct_nw_proto is set), recirc_id, dp_hash, in_port, packet_type, then for Ethernet packets eth and, for a VLAN
// packet, eth_type(TPID), vlan(TCI) and encap(...) around the rest; then eth_type, the L3 attribute chosen by the
// flow's dl_type and the L4 attribute chosen by nw_proto (none for later fragments). A mask is encoded with the
// same structure, chosen by the flow, holding the mask's bits (data = mask), as upstream does, so that key and
// mask attributes pair up one to one.
//
// FlowData limits (see FlowLayout): one VLAN header (TPID 802.1Q assumed), one MPLS label stack entry, 16-bit
// in_port (0xffff = none), no tunnel UDP ports and no Geneve/ERSPAN/GTP-U options. Decoding reports keys that
// need more as TOO_MUCH (the extra attributes are ignored), which is what upstream does for attributes it does not
// understand.
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;
using Ovs.Flow;
using Ovs.Flow.Packets;
using L = Ovs.Flow.FlowLayout;

namespace Ovs.Dpif.Odp;

/// <summary>How well a datapath key fits what userspace understands (upstream's enum odp_key_fitness).</summary>
internal enum OdpKeyFitness
{
    /// <summary>The key holds exactly the attributes userspace expects.</summary>
    Perfect,

    /// <summary>The key has attributes userspace does not understand (or cannot hold); they are ignored.</summary>
    TooMuch,

    /// <summary>The key lacks attributes userspace expects; the flow is less specific than it should be.</summary>
    TooLittle,

    /// <summary>The key is malformed.</summary>
    Error,
}

internal static partial class OdpFlowKey
{
    public const ushort InPortNone = 0xffff;

    private const byte FragAny = 1;
    private const byte FragLater = 2;

    /// <summary>
    /// Writes the key for flow (mask selects optional attributes such as tcp_flags, as upstream). ndExtensions says
    /// whether the datapath understands nd_ext (the userspace datapath does not, so it is off by default).
    /// </summary>
    public static void FromFlow(in FlowData flow, in FlowData mask, ref NlWriter w, bool ndExtensions = false) =>
        Encode(flow, mask, flow, false, ndExtensions, ref w);

    /// <summary>Writes the mask attributes for mask, shaped by flow.</summary>
    public static void FromMask(in FlowData flow, in FlowData mask, ref NlWriter w, bool ndExtensions = false) =>
        Encode(flow, mask, mask, true, ndExtensions, ref w);

    /// <summary>
    /// Decodes key and mask into a flow and its wildcards and encodes them again: the canonical form a datapath
    /// that stores flows as FlowData reports back. With exactInPort the in_port is matched exactly whatever the
    /// mask says (the userspace datapath's rule). Returns the key's fitness (or Error for a malformed mask).
    /// </summary>
    public static OdpKeyFitness Canonicalize(ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, bool exactInPort, ref NlWriter outKey, ref NlWriter outMask)
    {
        OdpKeyFitness fit = ToFlow(key, out FlowData flow);
        if (fit == OdpKeyFitness.Error || ToMask(mask, flow, out FlowData wildcards) == OdpKeyFitness.Error)
        {
            return OdpKeyFitness.Error;
        }

        if (exactInPort)
        {
            wildcards.SetU16(L.InPort, 0xffff);
        }

        FromFlow(flow, wildcards, ref outKey);
        FromMask(flow, wildcards, ref outMask);
        return fit;
    }

    private static void Encode(in FlowData flow, in FlowData mask, in FlowData data, bool exportMask, bool ndExtensions, ref NlWriter w)
    {
        w.PutU32(OdpKeyAttr.Priority, data.U32(L.SkbPriority));
        if (!flow.IsZero(L.TunIpv6Src, 32) || !flow.IsZero(L.TunSrc, 8) || exportMask)
        {
            EncodeTunnel(data, ref w);
        }

        w.PutU32(OdpKeyAttr.SkbMark, data.U32(L.PktMark));
        w.PutU32(OdpKeyAttr.CtState, data.U8(L.CtState));
        w.PutU16(OdpKeyAttr.CtZone, data.U16(L.CtZone));
        w.PutU32(OdpKeyAttr.CtMark, data.U32(L.CtMark));
        Span<byte> label = w.Put(OdpKeyAttr.CtLabels, 16);
        if (!label.IsEmpty)
        {
            OdpKeyFormatter.HostU128ToBigEndian(data.ReadOnlyBytes.Slice(L.CtLabel, 16), label);
        }

        ushort dlType = flow.U16(L.DlType);
        if (flow.U8(L.CtNwProto) != 0)
        {
            if (dlType == EthType.Ip)
            {
                Span<byte> ct = w.Put(OdpKeyAttr.CtOrigTupleIpv4, 13);
                if (!ct.IsEmpty)
                {
                    data.ReadOnlyBytes.Slice(L.CtNwSrc, 8).CopyTo(ct);
                    data.ReadOnlyBytes.Slice(L.CtTpSrc, 4).CopyTo(ct[8..]);
                    ct[12] = data.U8(L.CtNwProto);
                }
            }
            else if (dlType == EthType.Ipv6)
            {
                Span<byte> ct = w.Put(OdpKeyAttr.CtOrigTupleIpv6, 37);
                if (!ct.IsEmpty)
                {
                    data.ReadOnlyBytes.Slice(L.CtIpv6Src, 32).CopyTo(ct);
                    data.ReadOnlyBytes.Slice(L.CtTpSrc, 4).CopyTo(ct[32..]);
                    ct[36] = data.U8(L.CtNwProto);
                }
            }
        }

        w.PutU32(OdpKeyAttr.RecircId, data.U32(L.RecircId));
        w.PutU32(OdpKeyAttr.DpHash, data.U32(L.DpHash));
        ushort inPort = data.U16(L.InPort);
        if (exportMask || flow.U16(L.InPort) != InPortNone)
        {
            w.PutU32(OdpKeyAttr.InPort, exportMask && inPort == 0xffff ? uint.MaxValue : inPort);
        }

        w.PutBe32(OdpKeyAttr.PacketType, data.U32(L.PacketType));
        int encap = -1;
        if (flow.U32(L.PacketType) == 0)
        {
            Span<byte> eth = w.Put(OdpKeyAttr.Ethernet, 12);
            if (!eth.IsEmpty)
            {
                data.ReadOnlyBytes.Slice(L.DlSrc, 6).CopyTo(eth);
                data.ReadOnlyBytes.Slice(L.DlDst, 6).CopyTo(eth[6..]);
            }

            ushort tci = flow.U16(L.VlanTci);
            if (tci != 0 || IsVlan(dlType))
            {
                ushort tpid = flow.U16(L.VlanTpid);
                w.PutBe16(OdpKeyAttr.Ethertype, exportMask ? (ushort)0xffff : tci == 0 ? dlType : IsVlan(tpid) ? tpid : EthType.Vlan8021Q);
                w.PutBe16(OdpKeyAttr.Vlan, data.U16(L.VlanTci));
                encap = w.BeginNested(OdpKeyAttr.Encap);
                if (tci == 0)
                {
                    w.EndNested(encap);
                    return;
                }
            }
        }

        EncodeL3(flow, mask, data, exportMask, ndExtensions, ref w);
        if (encap >= 0)
        {
            w.EndNested(encap);
        }
    }

    private static bool IsVlan(ushort dlType) => dlType is EthType.Vlan8021Q or EthType.Vlan8021AD;

    private static void EncodeL3(in FlowData flow, in FlowData mask, in FlowData data, bool exportMask, bool ndExtensions, ref NlWriter w)
    {
        ushort dlType = flow.U16(L.DlType);
        if (dlType < 0x600)
        {
            if (exportMask)
            {
                w.PutBe16(OdpKeyAttr.Ethertype, 0xffff);
            }

            return;
        }

        w.PutBe16(OdpKeyAttr.Ethertype, data.U16(L.DlType));
        if (IsVlan(dlType))
        {
            return;
        }

        ReadOnlySpan<byte> d = data.ReadOnlyBytes;
        if (dlType == EthType.Ip)
        {
            Span<byte> k = w.Put(OdpKeyAttr.Ipv4, 12);
            if (!k.IsEmpty)
            {
                d.Slice(L.NwSrc, 8).CopyTo(k);
                k[8] = d[L.NwProto];
                k[9] = d[L.NwTos];
                k[10] = d[L.NwTtl];
                k[11] = ToOdpFrag(d[L.NwFrag], exportMask);
            }
        }
        else if (dlType == EthType.Ipv6)
        {
            Span<byte> k = w.Put(OdpKeyAttr.Ipv6, 40);
            if (!k.IsEmpty)
            {
                d.Slice(L.Ipv6Src, 32).CopyTo(k);
                d.Slice(L.Ipv6Label, 4).CopyTo(k[32..]);
                k[36] = d[L.NwProto];
                k[37] = d[L.NwTos];
                k[38] = d[L.NwTtl];
                k[39] = ToOdpFrag(d[L.NwFrag], exportMask);
            }
        }
        else if (dlType is EthType.Arp or EthType.Rarp)
        {
            Span<byte> k = w.Put(OdpKeyAttr.Arp, 24);
            if (!k.IsEmpty)
            {
                d.Slice(L.NwSrc, 8).CopyTo(k);
                // An all-ones nw_proto (only a mask has one) stands for an exact 16-bit opcode.
                BinaryPrimitives.WriteUInt16BigEndian(k[8..], d[L.NwProto] == 0xff ? (ushort)0xffff : d[L.NwProto]);
                d.Slice(L.ArpSha, 12).CopyTo(k[10..]);
            }
        }
        else if (EthType.IsMpls(dlType))
        {
            w.PutBytes(OdpKeyAttr.Mpls, d.Slice(L.MplsLse, 4));
        }
        else if (dlType == EthType.Nsh)
        {
            Span<byte> nsh = stackalloc byte[24];
            d.Slice(L.NshFlags, 4).CopyTo(nsh);
            d.Slice(L.NshPathHdr, 4).CopyTo(nsh[4..]);
            d.Slice(L.NshContext, 16).CopyTo(nsh[8..]);
            OdpKeyParser.PutNsh(ref w, nsh, exportMask);
        }

        bool isIp = dlType is EthType.Ip or EthType.Ipv6;
        if (!isIp || (flow.U8(L.NwFrag) & FragLater) != 0)
        {
            return;
        }

        byte proto = flow.U8(L.NwProto);
        if (proto is IpProto.Tcp or IpProto.Udp or IpProto.Sctp)
        {
            ushort type = proto == IpProto.Tcp ? OdpKeyAttr.Tcp : proto == IpProto.Udp ? OdpKeyAttr.Udp : OdpKeyAttr.Sctp;
            w.PutBytes(type, d.Slice(L.TpSrc, 4));
            if (proto == IpProto.Tcp && (data.U16(L.TcpFlags) != 0 || mask.U16(L.TcpFlags) != 0))
            {
                w.PutBe16(OdpKeyAttr.TcpFlags, data.U16(L.TcpFlags));
            }
        }
        else if (dlType == EthType.Ip && proto == IpProto.Icmp)
        {
            Span<byte> k = w.Put(OdpKeyAttr.Icmp, 2);
            if (!k.IsEmpty)
            {
                k[0] = (byte)data.U16(L.TpSrc);
                k[1] = (byte)data.U16(L.TpDst);
            }
        }
        else if (dlType == EthType.Ipv6 && proto == IpProto.Icmpv6)
        {
            Span<byte> k = w.Put(OdpKeyAttr.Icmpv6, 2);
            if (!k.IsEmpty)
            {
                k[0] = (byte)data.U16(L.TpSrc);
                k[1] = (byte)data.U16(L.TpDst);
            }

            if (IsNd(flow) && (!exportMask || (data.U16(L.TpSrc) == 0xff && data.U16(L.TpDst) == 0xff)))
            {
                Span<byte> nd = w.Put(OdpKeyAttr.Nd, 28);
                if (!nd.IsEmpty)
                {
                    d.Slice(L.NdTarget, 16).CopyTo(nd);
                    d.Slice(L.ArpSha, 12).CopyTo(nd[16..]);
                }

                if (ndExtensions && (data.U32(L.IgmpGroupIp4) != 0 || data.U16(L.TcpFlags) != 0))
                {
                    Span<byte> ext = w.Put(OdpKeyAttr.NdExtensions, 8);
                    if (!ext.IsEmpty)
                    {
                        d.Slice(L.IgmpGroupIp4, 4).CopyTo(ext);
                        ext[4] = (byte)data.U16(L.TcpFlags);
                    }
                }
            }
        }
    }

    /// <summary>An ICMPv6 neighbor solicitation or advertisement (type 135/136, code 0).</summary>
    private static bool IsNd(in FlowData flow) =>
        flow.U16(L.TpSrc) is 135 or 136 && flow.U16(L.TpDst) == 0;

    private static byte ToOdpFrag(byte nwFrag, bool isMask)
    {
        if (isMask)
        {
            return (nwFrag & FragAny) != 0 ? (byte)0xff : (byte)0;
        }

        return (nwFrag & FragAny) == 0 ? OdpFrag.None : (nwFrag & FragLater) != 0 ? OdpFrag.Later : OdpFrag.First;
    }

    private static void EncodeTunnel(in FlowData data, ref NlWriter w)
    {
        int start = w.BeginNested(OdpKeyAttr.Tunnel);
        ushort flags = data.U16(L.TunFlags);
        ulong tunId = data.U64(L.TunId);
        if (tunId != 0 || (flags & OdpKeyFormatter.TunFlagKey) != 0)
        {
            w.PutBe64(OdpTunnelAttr.Id, tunId);
        }

        ReadOnlySpan<byte> d = data.ReadOnlyBytes;
        if (data.U32(L.TunSrc) != 0)
        {
            w.PutBytes(OdpTunnelAttr.Ipv4Src, d.Slice(L.TunSrc, 4));
        }

        if (data.U32(L.TunDst) != 0)
        {
            w.PutBytes(OdpTunnelAttr.Ipv4Dst, d.Slice(L.TunDst, 4));
        }

        if (!data.IsZero(L.TunIpv6Src, 16))
        {
            w.PutBytes(OdpTunnelAttr.Ipv6Src, d.Slice(L.TunIpv6Src, 16));
        }

        if (!data.IsZero(L.TunIpv6Dst, 16))
        {
            w.PutBytes(OdpTunnelAttr.Ipv6Dst, d.Slice(L.TunIpv6Dst, 16));
        }

        if (data.U8(L.TunTos) != 0)
        {
            w.PutU8(OdpTunnelAttr.Tos, data.U8(L.TunTos));
        }

        w.PutU8(OdpTunnelAttr.Ttl, data.U8(L.TunTtl));
        if ((flags & OdpKeyFormatter.TunFlagDontFragment) != 0)
        {
            w.PutFlag(OdpTunnelAttr.DontFragment);
        }

        if ((flags & OdpKeyFormatter.TunFlagCsum) != 0)
        {
            w.PutFlag(OdpTunnelAttr.Csum);
        }

        if ((flags & OdpKeyFormatter.TunFlagOam) != 0)
        {
            w.PutFlag(OdpTunnelAttr.Oam);
        }

        ushort gbpId = data.U16(L.TunGbpId);
        byte gbpFlags = data.U8(L.TunGbpFlags);
        if (gbpId != 0 || gbpFlags != 0)
        {
            int vxlan = w.BeginNested(OdpTunnelAttr.VxlanOpts);
            w.PutU32(OdpTunnelAttr.VxlanExtGbp, ((uint)gbpFlags << 16) | gbpId);
            w.EndNested(vxlan);
        }

        w.EndNested(start);
    }
}
