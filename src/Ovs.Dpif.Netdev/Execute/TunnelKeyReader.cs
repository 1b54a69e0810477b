// Upstream: odp_tun_key_from_attr() in lib/odp-util.c, as odp_set_tunnel_action() in lib/odp-execute.c uses it
// (OVS 3.1).
// set(tunnel(...)) replaces the packet's whole tunnel metadata with the nested tunnel key attributes: fields the
// action leaves out become zero, the key flag is set when an id is given, and Geneve options are kept raw. An
// attribute of the wrong size makes the whole key invalid; the packet's tunnel then stays as it was (upstream
// asserts such keys never reach the datapath).
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow.Packets;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class TunnelKeyReader
{
    public static bool TryRead(ReadOnlySpan<byte> nested, ref DpPacketTunnel tunnel)
    {
        DpPacketTunnel t = default;
        foreach (NlAttr a in new NlAttrReader(nested))
        {
            int expected = OdpTunnelAttr.ExpectedSize(a.Type);
            if (expected >= 0 && a.Size != expected)
            {
                return false;
            }

            switch (a.Type)
            {
                case OdpTunnelAttr.Id:
                    t.TunId = a.Be64;
                    t.Flags |= DpPacketTunnel.FlagKey;
                    break;
                case OdpTunnelAttr.Ipv4Src:
                    t.Ipv4Src = a.Be32;
                    break;
                case OdpTunnelAttr.Ipv4Dst:
                    t.Ipv4Dst = a.Be32;
                    break;
                case OdpTunnelAttr.Ipv6Src:
                    t.Ipv6Src = Ipv6Address.Read(a.Payload);
                    break;
                case OdpTunnelAttr.Ipv6Dst:
                    t.Ipv6Dst = Ipv6Address.Read(a.Payload);
                    break;
                case OdpTunnelAttr.Tos:
                    t.Tos = a.U8;
                    break;
                case OdpTunnelAttr.Ttl:
                    t.Ttl = a.U8;
                    break;
                case OdpTunnelAttr.DontFragment:
                    t.Flags |= DpPacketTunnel.FlagDontFragment;
                    break;
                case OdpTunnelAttr.Csum:
                    t.Flags |= DpPacketTunnel.FlagCsum;
                    break;
                case OdpTunnelAttr.Oam:
                    t.Flags |= DpPacketTunnel.FlagOam;
                    break;
                case OdpTunnelAttr.TpSrc:
                    t.TpSrc = a.Be16;
                    break;
                case OdpTunnelAttr.TpDst:
                    t.TpDst = a.Be16;
                    break;
                case OdpTunnelAttr.VxlanOpts:
                    if (NlAttrReader.TryFindLast(a.Payload, OdpTunnelAttr.VxlanExtGbp, out NlAttr gbp) && gbp.Size == 4)
                    {
                        uint value = gbp.U32;
                        t.GbpId = (ushort)value;
                        t.GbpFlags = (byte)(value >> 16);
                    }

                    break;
                case OdpTunnelAttr.GeneveOpts:
                    if (a.Size > TunnelOptionBytes.Size)
                    {
                        return false;
                    }

                    a.Payload.CopyTo(t.GeneveOptions);
                    t.GeneveOptionsSize = (byte)a.Size;
                    break;
                case OdpTunnelAttr.ErspanOpts:
                    ReadErspan(a.Payload, ref t);
                    break;
                case OdpTunnelAttr.GtpuOpts:
                    t.GtpuFlags = a.Payload[0];
                    t.GtpuMsgtype = a.Payload[1];
                    break;
            }
        }

        tunnel = t;
        return true;
    }

    /// <summary>struct erspan_metadata: a host-order int version, then the v1 index or the v2 fields.</summary>
    private static void ReadErspan(ReadOnlySpan<byte> opts, ref DpPacketTunnel t)
    {
        if (opts.Length < 8)
        {
            return;
        }

        int version = BitConverter.IsLittleEndian ? BinaryPrimitives.ReadInt32LittleEndian(opts) : BinaryPrimitives.ReadInt32BigEndian(opts);
        t.ErspanVer = (byte)version;
        if (version == 1)
        {
            t.ErspanIdx = BinaryPrimitives.ReadUInt32BigEndian(opts[4..]);
        }
        else if (version == 2 && opts.Length >= 12)
        {
            // Wire order of the v2 bits: byte 10 is P, FT (5 bits), upper 2 bits of HWID; byte 11 is the lower 4
            // bits of HWID, D, GRA (2 bits), O.
            t.ErspanDir = (byte)((opts[11] >> 3) & 1);
            t.ErspanHwid = (byte)(((opts[10] & 3) << 4) | (opts[11] >> 4));
        }
    }
}
