// Upstream: tun_key_to_attr() of lib/odp-util.c (OVS 3.1), for the tunnel set action
//
// A flow's tunnel metadata as the nested tunnel key attribute that set(tunnel(...)) carries, in upstream's order:
// the key (only with the key flag), the outer addresses, tos, ttl, df and csum, the UDP ports, oam, then the options
// that belong to the tunnel type: VXLAN group policy, ERSPAN metadata (versions 1 and 2) and GTP-U flags and
// message type.
using Ovs.Dpif.Odp;
using Ovs.Flow;

namespace Ovs.Ofproto.Dpif.Xlate;

internal static class TunnelKeyEncoder
{
    private const ushort FlagOam = 0x1, FlagDf = 0x2, FlagCsum = 0x4, FlagKey = 0x8;

    /// <summary>Appends the tunnel key attribute for <paramref name="flow"/>'s tunnel, sent through a <paramref name="type"/> port.</summary>
    public static void Put(OdpActionBuffer odp, in FlowData flow, ushort tpDst, string type)
    {
        ReadOnlySpan<byte> f = flow.ReadOnlyBytes;
        int tunnel = odp.BeginNested(OdpKeyAttr.Tunnel);
        ushort flags = flow.U16(FlowLayout.TunFlags);
        if ((flags & FlagKey) != 0)
        {
            odp.PutBytes(OdpTunnelAttr.Id, f.Slice(FlowLayout.TunId, 8));
        }

        PutNonZero(odp, OdpTunnelAttr.Ipv4Src, f.Slice(FlowLayout.TunSrc, 4));
        PutNonZero(odp, OdpTunnelAttr.Ipv4Dst, f.Slice(FlowLayout.TunDst, 4));
        PutNonZero(odp, OdpTunnelAttr.Ipv6Src, f.Slice(FlowLayout.TunIpv6Src, 16));
        PutNonZero(odp, OdpTunnelAttr.Ipv6Dst, f.Slice(FlowLayout.TunIpv6Dst, 16));
        PutNonZero(odp, OdpTunnelAttr.Tos, f.Slice(FlowLayout.TunTos, 1));
        odp.PutBytes(OdpTunnelAttr.Ttl, f.Slice(FlowLayout.TunTtl, 1));
        if ((flags & FlagDf) != 0)
        {
            odp.PutFlag(OdpTunnelAttr.DontFragment);
        }

        if ((flags & FlagCsum) != 0)
        {
            odp.PutFlag(OdpTunnelAttr.Csum);
        }

        if (tpDst != 0)
        {
            odp.PutBe16(OdpTunnelAttr.TpDst, tpDst);
        }

        if ((flags & FlagOam) != 0)
        {
            odp.PutFlag(OdpTunnelAttr.Oam);
        }

        ushort gbpId = flow.U16(FlowLayout.TunGbpId);
        byte gbpFlags = flow.U8(FlowLayout.TunGbpFlags);
        if (type == "vxlan" && (gbpId != 0 || gbpFlags != 0))
        {
            int vxlan = odp.BeginNested(OdpTunnelAttr.VxlanOpts);
            odp.PutU32(OdpTunnelAttr.VxlanExtGbp, ((uint)gbpFlags << 16) | gbpId);
            odp.EndNested(vxlan);
        }

        byte erspanVer = flow.U8(FlowLayout.TunErspanVer);
        if (type is "erspan" or "ip6erspan" && erspanVer is 1 or 2)
        {
            PutErspan(odp, in flow, erspanVer);
        }

        byte gtpuFlags = flow.U8(FlowLayout.TunGtpuFlags), gtpuType = flow.U8(FlowLayout.TunGtpuMsgtype);
        if (type == "gtpu" && gtpuFlags != 0 && gtpuType != 0)
        {
            Span<byte> gtpu = odp.Put(OdpTunnelAttr.GtpuOpts, 2);
            gtpu[0] = gtpuFlags;
            gtpu[1] = gtpuType;
        }

        odp.EndNested(tunnel);
    }

    /// <summary>struct erspan_metadata: the version (host order), then the v1 index or the v2 metadata.</summary>
    private static void PutErspan(OdpActionBuffer odp, in FlowData flow, byte version)
    {
        Span<byte> md = odp.Put(OdpTunnelAttr.ErspanOpts, 12);
        BitConverter.TryWriteBytes(md, (int)version);
        if (version == 1)
        {
            flow.ReadOnlyBytes.Slice(FlowLayout.TunErspanIdx, 4).CopyTo(md[4..]);
        }
        else
        {
            // struct erspan_md2 after its timestamp and sgt: hwid_upper in the low bits of one byte, then o, gra,
            // dir and hwid from the low bit up in the next (little-endian bit fields).
            byte hwid = flow.U8(FlowLayout.TunErspanHwid);
            md[10] = (byte)((hwid >> 4) & 0x3);
            md[11] = (byte)(((flow.U8(FlowLayout.TunErspanDir) & 1) << 3) | ((hwid & 0xf) << 4));
        }
    }

    private static void PutNonZero(OdpActionBuffer odp, ushort type, ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAnyExcept((byte)0) >= 0)
        {
            odp.PutBytes(type, value);
        }
    }
}
