// Upstream: parse_l2_5_onward() and odp_tun_key_from_attr__() in lib/odp-util.c (OVS 3.1).
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;
using Ovs.Flow;
using Ovs.Flow.Packets;
using L = Ovs.Flow.FlowLayout;

namespace Ovs.Dpif.Odp;

internal static partial class OdpFlowKey
{
    private static OdpKeyFitness DecodeL25(ref Attrs attrs, ref FlowData flow, in FlowData src, bool isMask, ref bool tooMuch)
    {
        ref readonly FlowData chain = ref isMask ? ref src : ref flow;
        ushort dlType = chain.U16(L.DlType);
        if (EthType.IsMpls(dlType))
        {
            attrs.Expect(OdpKeyAttr.Mpls);
            if (attrs.Has(OdpKeyAttr.Mpls))
            {
                ReadOnlySpan<byte> lses = attrs.Get(OdpKeyAttr.Mpls);
                if (lses.Length == 0 || lses.Length % 4 != 0)
                {
                    return OdpKeyFitness.Error;
                }

                lses[..4].CopyTo(flow.Bytes[L.MplsLse..]);
                if (lses.Length > 4)
                {
                    tooMuch = true;
                }
            }

            return OdpKeyFitness.Perfect;
        }

        if (dlType == EthType.Ip)
        {
            attrs.Expect(OdpKeyAttr.Ipv4);
            if (attrs.Has(OdpKeyAttr.Ipv4))
            {
                ReadOnlySpan<byte> k = attrs.Get(OdpKeyAttr.Ipv4);
                k[..8].CopyTo(flow.Bytes[L.NwSrc..]);
                flow.SetU8(L.NwProto, k[8]);
                flow.SetU8(L.NwTos, k[9]);
                flow.SetU8(L.NwTtl, k[10]);
                if (!FromOdpFrag(k[11], isMask, ref flow))
                {
                    return OdpKeyFitness.Error;
                }
            }
        }
        else if (dlType == EthType.Ipv6)
        {
            attrs.Expect(OdpKeyAttr.Ipv6);
            if (attrs.Has(OdpKeyAttr.Ipv6))
            {
                ReadOnlySpan<byte> k = attrs.Get(OdpKeyAttr.Ipv6);
                uint label = BinaryPrimitives.ReadUInt32BigEndian(k[32..]);
                if (!isMask && (label & ~0xfffffu) != 0)
                {
                    return OdpKeyFitness.Error;
                }

                k[..32].CopyTo(flow.Bytes[L.Ipv6Src..]);
                flow.SetU32(L.Ipv6Label, label);
                flow.SetU8(L.NwProto, k[36]);
                flow.SetU8(L.NwTos, k[37]);
                flow.SetU8(L.NwTtl, k[38]);
                if (!FromOdpFrag(k[39], isMask, ref flow))
                {
                    return OdpKeyFitness.Error;
                }
            }
        }
        else if (dlType is EthType.Arp or EthType.Rarp)
        {
            attrs.Expect(OdpKeyAttr.Arp);
            if (attrs.Has(OdpKeyAttr.Arp))
            {
                ReadOnlySpan<byte> k = attrs.Get(OdpKeyAttr.Arp);
                ushort op = BinaryPrimitives.ReadUInt16BigEndian(k[8..]);
                if (!isMask && (op & 0xff00) != 0)
                {
                    return OdpKeyFitness.Error;
                }

                k[..8].CopyTo(flow.Bytes[L.NwSrc..]);
                flow.SetU8(L.NwProto, (byte)op);
                k.Slice(10, 12).CopyTo(flow.Bytes[L.ArpSha..]);
            }

            return OdpKeyFitness.Perfect;
        }
        else if (dlType == EthType.Nsh)
        {
            attrs.Expect(OdpKeyAttr.Nsh);
            if (attrs.Has(OdpKeyAttr.Nsh))
            {
                foreach (NlAttr a in new NlAttrReader(attrs.Get(OdpKeyAttr.Nsh)))
                {
                    int expected = OdpNshAttr.ExpectedSize(a.Type);
                    if (expected >= 0 && a.Size != expected)
                    {
                        return OdpKeyFitness.Error;
                    }

                    if (a.Type == OdpNshAttr.Base)
                    {
                        a.Payload[..4].CopyTo(flow.Bytes[L.NshFlags..]);
                        a.Payload.Slice(4, 4).CopyTo(flow.Bytes[L.NshPathHdr..]);
                    }
                    else if (a.Type == OdpNshAttr.Md1)
                    {
                        a.Payload.CopyTo(flow.Bytes[L.NshContext..]);
                    }
                    else
                    {
                        tooMuch = true;
                    }
                }
            }

            return OdpKeyFitness.Perfect;
        }
        else
        {
            return OdpKeyFitness.Perfect;
        }

        if ((chain.U8(L.NwFrag) & FragLater) != 0)
        {
            return OdpKeyFitness.Perfect;
        }

        byte proto = chain.U8(L.NwProto);
        if (proto is IpProto.Tcp or IpProto.Udp or IpProto.Sctp)
        {
            ushort type = proto == IpProto.Tcp ? OdpKeyAttr.Tcp : proto == IpProto.Udp ? OdpKeyAttr.Udp : OdpKeyAttr.Sctp;
            attrs.Expect(type);
            if (attrs.Has(type))
            {
                attrs.Get(type).CopyTo(flow.Bytes[L.TpSrc..]);
            }

            if (proto == IpProto.Tcp && attrs.Has(OdpKeyAttr.TcpFlags))
            {
                attrs.Expect(OdpKeyAttr.TcpFlags);
                flow.SetU16(L.TcpFlags, BinaryPrimitives.ReadUInt16BigEndian(attrs.Get(OdpKeyAttr.TcpFlags)));
            }
        }
        else if ((dlType == EthType.Ip && proto == IpProto.Icmp) || (dlType == EthType.Ipv6 && proto == IpProto.Icmpv6))
        {
            ushort type = proto == IpProto.Icmp ? OdpKeyAttr.Icmp : OdpKeyAttr.Icmpv6;
            attrs.Expect(type);
            if (attrs.Has(type))
            {
                ReadOnlySpan<byte> k = attrs.Get(type);
                flow.SetU16(L.TpSrc, k[0]);
                flow.SetU16(L.TpDst, k[1]);
            }

            if (proto == IpProto.Icmpv6 && IsNd(chain))
            {
                attrs.Expect(OdpKeyAttr.Nd);
                if (attrs.Has(OdpKeyAttr.Nd))
                {
                    ReadOnlySpan<byte> nd = attrs.Get(OdpKeyAttr.Nd);
                    nd[..16].CopyTo(flow.Bytes[L.NdTarget..]);
                    nd.Slice(16, 12).CopyTo(flow.Bytes[L.ArpSha..]);
                }

                if (attrs.Has(OdpKeyAttr.NdExtensions))
                {
                    attrs.Expect(OdpKeyAttr.NdExtensions);
                    ReadOnlySpan<byte> ext = attrs.Get(OdpKeyAttr.NdExtensions);
                    ext[..4].CopyTo(flow.Bytes[L.IgmpGroupIp4..]);
                    flow.SetU16(L.TcpFlags, ext[4]);
                }
            }
        }

        return OdpKeyFitness.Perfect;
    }

    private static bool FromOdpFrag(byte odp, bool isMask, ref FlowData flow)
    {
        if (isMask)
        {
            flow.SetU8(L.NwFrag, odp != 0 ? (byte)(FragAny | FragLater) : (byte)0);
            return true;
        }

        if (odp > OdpFrag.Later)
        {
            return false;
        }

        flow.SetU8(L.NwFrag, odp == OdpFrag.None ? (byte)0 : odp == OdpFrag.First ? FragAny : (byte)(FragAny | FragLater));
        return true;
    }

    private static OdpKeyFitness DecodeTunnel(ReadOnlySpan<byte> payload, ref FlowData flow)
    {
        bool unsupported = false;
        ushort flags = 0;
        foreach (NlAttr a in new NlAttrReader(payload))
        {
            int expected = OdpTunnelAttr.ExpectedSize(a.Type);
            if (expected >= 0 && a.Size != expected)
            {
                return OdpKeyFitness.Error;
            }

            switch (a.Type)
            {
                case OdpTunnelAttr.Id:
                    flow.SetU64(L.TunId, a.Be64);
                    flags |= (ushort)OdpKeyFormatter.TunFlagKey;
                    break;
                case OdpTunnelAttr.Ipv4Src:
                    a.Payload.CopyTo(flow.Bytes[L.TunSrc..]);
                    break;
                case OdpTunnelAttr.Ipv4Dst:
                    a.Payload.CopyTo(flow.Bytes[L.TunDst..]);
                    break;
                case OdpTunnelAttr.Ipv6Src:
                    a.Payload.CopyTo(flow.Bytes[L.TunIpv6Src..]);
                    break;
                case OdpTunnelAttr.Ipv6Dst:
                    a.Payload.CopyTo(flow.Bytes[L.TunIpv6Dst..]);
                    break;
                case OdpTunnelAttr.Tos:
                    flow.SetU8(L.TunTos, a.U8);
                    break;
                case OdpTunnelAttr.Ttl:
                    flow.SetU8(L.TunTtl, a.U8);
                    break;
                case OdpTunnelAttr.DontFragment:
                    flags |= (ushort)OdpKeyFormatter.TunFlagDontFragment;
                    break;
                case OdpTunnelAttr.Csum:
                    flags |= (ushort)OdpKeyFormatter.TunFlagCsum;
                    break;
                case OdpTunnelAttr.Oam:
                    flags |= (ushort)OdpKeyFormatter.TunFlagOam;
                    break;
                case OdpTunnelAttr.VxlanOpts:
                    foreach (NlAttr ext in a.Nested)
                    {
                        if (ext.Type == OdpTunnelAttr.VxlanExtGbp && ext.Size == 4)
                        {
                            uint gbp = ext.U32;
                            flow.SetU16(L.TunGbpId, (ushort)gbp);
                            flow.SetU8(L.TunGbpFlags, (byte)(gbp >> 16));
                        }
                        else
                        {
                            unsupported = true;
                        }
                    }

                    break;
                case OdpTunnelAttr.GtpuOpts:
                    flow.SetU8(L.TunGtpuFlags, a.Payload[0]);
                    flow.SetU8(L.TunGtpuMsgtype, a.Payload[1]);
                    break;
                case OdpTunnelAttr.Pad:
                    break;
                default:
                    // Tunnel UDP ports, Geneve and ERSPAN options have no place in FlowData yet.
                    unsupported = true;
                    break;
            }
        }

        flow.SetU16(L.TunFlags, flags);
        return unsupported ? OdpKeyFitness.TooMuch : OdpKeyFitness.Perfect;
    }
}
