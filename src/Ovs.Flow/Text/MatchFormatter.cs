// Upstream: match_format() and its format_* helpers in lib/match.c and lib/flow.c (OVS 3.1).
// The ovs-ofctl text of a match ("tcp,nw_src=10.0.0.0/8,tp_dst=80"): fields in upstream's fixed order, protocol
// shorthands (ip, tcp, udp6, arp, mpls, ...) in place of dl_type/nw_proto when exact, IP and Ethernet masks as
// CIDR or explicit masks, and only the L3/L4 fields that the Ethernet type and IP protocol make meaningful.
// priority= is printed only when it differs from the OpenFlow default 32768, as upstream does.
using System.Globalization;
using System.Text;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Text;

internal static partial class MatchFormatter
{
    public const int DefaultPriority = 32768;

    public static string Format(in Match match, int priority = DefaultPriority)
    {
        var sb = new StringBuilder();
        Append(sb, in match, priority);
        return sb.ToString();
    }

    public static void Append(StringBuilder s, in Match match, int priority = DefaultPriority)
    {
        int start = s.Length;
        ref readonly FlowData f = ref match.Flow;
        ref readonly FlowData m = ref match.Wildcards.Masks;
        bool skipType = false, skipProto = false, isMegaflow = false;
        ushort dlType = f.U16(FlowLayout.DlType);

        if (priority != DefaultPriority)
        {
            s.Append(CultureInfo.InvariantCulture, $"priority={priority},");
        }

        Uint32Masked(s, "pkt_mark", f.U32(FlowLayout.PktMark), m.U32(FlowLayout.PktMark));
        if (m.U32(FlowLayout.RecircId) != 0)
        {
            Uint32Masked(s, "recirc_id", f.U32(FlowLayout.RecircId), m.U32(FlowLayout.RecircId));
            isMegaflow = true;
        }

        if (m.U32(FlowLayout.DpHash) != 0)
        {
            Uint32Masked(s, "dp_hash", f.U32(FlowLayout.DpHash), m.U32(FlowLayout.DpHash));
        }

        if (m.U32(FlowLayout.ConjId) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"conj_id={f.U32(FlowLayout.ConjId)},");
        }

        if (m.U32(FlowLayout.SkbPriority) != 0)
        {
            s.Append("skb_priority=").Append(HexAlt(f.U32(FlowLayout.SkbPriority))).Append(',');
        }

        if (m.U16(FlowLayout.ActsetOutput) != 0)
        {
            s.Append("actset_output=").Append(OfpPortText.Format(f.U16(FlowLayout.ActsetOutput))).Append(',');
        }

        byte ctStateMask = m.U8(FlowLayout.CtState);
        if (ctStateMask != 0)
        {
            if (ctStateMask == 0xff)
            {
                s.Append("ct_state=");
                FlagNames.Format(s, FlagNames.CtState, f.U8(FlowLayout.CtState), '|');
            }
            else
            {
                FlagNames.FormatMasked(s, "ct_state", FlagNames.CtState, f.U8(FlowLayout.CtState), ctStateMask, 0xff);
            }

            s.Append(',');
        }

        if (m.U16(FlowLayout.CtZone) != 0)
        {
            Uint16Masked(s, "ct_zone", f.U16(FlowLayout.CtZone), m.U16(FlowLayout.CtZone));
        }

        if (m.U32(FlowLayout.CtMark) != 0)
        {
            Uint32Masked(s, "ct_mark", f.U32(FlowLayout.CtMark), m.U32(FlowLayout.CtMark));
        }

        if (!m.IsZero(FlowLayout.CtLabel, 16))
        {
            s.Append("ct_label=");
            Hex(s, f.ReadOnlyBytes.Slice(FlowLayout.CtLabel, 16));
            if (m.ReadOnlyBytes.Slice(FlowLayout.CtLabel, 16).ContainsAnyExcept((byte)0xff))
            {
                s.Append('/');
                Hex(s, m.ReadOnlyBytes.Slice(FlowLayout.CtLabel, 16));
            }

            s.Append(',');
        }

        IpNetmask(s, "ct_nw_src", f.U32(FlowLayout.CtNwSrc), m.U32(FlowLayout.CtNwSrc));
        Ipv6Netmask(s, "ct_ipv6_src", in f, in m, FlowLayout.CtIpv6Src);
        IpNetmask(s, "ct_nw_dst", f.U32(FlowLayout.CtNwDst), m.U32(FlowLayout.CtNwDst));
        Ipv6Netmask(s, "ct_ipv6_dst", in f, in m, FlowLayout.CtIpv6Dst);
        if (m.U8(FlowLayout.CtNwProto) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"ct_nw_proto={f.U8(FlowLayout.CtNwProto)},");
            Be16Masked(s, "ct_tp_src", f.U16(FlowLayout.CtTpSrc), m.U16(FlowLayout.CtTpSrc));
            Be16Masked(s, "ct_tp_dst", f.U16(FlowLayout.CtTpDst), m.U16(FlowLayout.CtTpDst));
        }

        uint packetType = f.U32(FlowLayout.PacketType);
        if (m.U32(FlowLayout.PacketType) != 0 && (!match.HasDefaultPacketType || isMegaflow))
        {
            PacketTypeMasked(s, packetType, m.U32(FlowLayout.PacketType));
            s.Append(',');
            if ((packetType >> 16) == 1)
            {
                dlType = (ushort)packetType;
            }
        }

        byte nwProto = f.U8(FlowLayout.NwProto);
        if (m.U16(FlowLayout.DlType) != 0)
        {
            skipType = true;
            bool protoKnown = m.U8(FlowLayout.NwProto) != 0;
            string? shorthand = dlType switch
            {
                EthType.Ip => !protoKnown ? "ip" : nwProto switch { IpProto.Icmp => "icmp", IpProto.Tcp => "tcp", IpProto.Udp => "udp", IpProto.Sctp => "sctp", _ => "ip" },
                EthType.Ipv6 => !protoKnown ? "ipv6" : nwProto switch { IpProto.Icmpv6 => "icmp6", IpProto.Tcp => "tcp6", IpProto.Udp => "udp6", IpProto.Sctp => "sctp6", _ => "ipv6" },
                EthType.Arp => "arp",
                EthType.Rarp => "rarp",
                EthType.Mpls => "mpls",
                EthType.MplsMulticast => "mplsm",
                _ => null,
            };
            if (shorthand is null)
            {
                skipType = false;
            }
            else
            {
                s.Append(shorthand).Append(',');
                skipProto = protoKnown && shorthand is not "ip" and not "ipv6" && Prerequisites.IsIpAny(dlType);
            }
        }

        for (int i = 0; i < 16; i++)
        {
            Uint32Masked(s, "reg" + i.ToString(CultureInfo.InvariantCulture), f.U32(FlowLayout.Regs + (4 * i)), m.U32(FlowLayout.Regs + (4 * i)));
        }

        FormatTunnel(s, in f, in m);
        FormatTunMetadata(s, in match);
        Be64Masked(s, "metadata", f.U64(FlowLayout.Metadata), m.U64(FlowLayout.Metadata));
        if (m.U16(FlowLayout.InPort) != 0)
        {
            s.Append("in_port=").Append(OfpPortText.Format(f.U16(FlowLayout.InPort))).Append(',');
        }

        // Upstream prints the VLAN stack outward-in and stops at the first header the match ignores.
        if (m.U16(FlowLayout.VlanTci) != 0)
        {
            FormatVlan(s, string.Empty, f.U16(FlowLayout.VlanTci), m.U16(FlowLayout.VlanTci));
            FormatVlan(s, "1", f.U16(FlowLayout.Vlan1Tci), m.U16(FlowLayout.Vlan1Tci));
        }

        EthMasked(s, "dl_src", in f, in m, FlowLayout.DlSrc);
        EthMasked(s, "dl_dst", in f, in m, FlowLayout.DlDst);
        if (!skipType && m.U16(FlowLayout.DlType) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"dl_type=0x{dlType:x4},");
        }

        bool isArp = EthType.IsArp(dlType);
        if (dlType == EthType.Ipv6)
        {
            Ipv6Netmask(s, "ipv6_src", in f, in m, FlowLayout.Ipv6Src);
            Ipv6Netmask(s, "ipv6_dst", in f, in m, FlowLayout.Ipv6Dst);
            uint labelMask = m.U32(FlowLayout.Ipv6Label);
            if (labelMask != 0)
            {
                s.Append(CultureInfo.InvariantCulture, $"ipv6_label=0x{f.U32(FlowLayout.Ipv6Label):x5}");
                if (labelMask != uint.MaxValue)
                {
                    s.Append(CultureInfo.InvariantCulture, $"/0x{labelMask:x5}");
                }

                s.Append(',');
            }
        }
        else if (isArp)
        {
            IpNetmask(s, "arp_spa", f.U32(FlowLayout.NwSrc), m.U32(FlowLayout.NwSrc));
            IpNetmask(s, "arp_tpa", f.U32(FlowLayout.NwDst), m.U32(FlowLayout.NwDst));
        }
        else if (dlType == EthType.Nsh)
        {
            FormatNsh(s, in f, in m);
        }
        else
        {
            IpNetmask(s, "nw_src", f.U32(FlowLayout.NwSrc), m.U32(FlowLayout.NwSrc));
            IpNetmask(s, "nw_dst", f.U32(FlowLayout.NwDst), m.U32(FlowLayout.NwDst));
        }

        if (!skipProto && m.U8(FlowLayout.NwProto) != 0)
        {
            s.Append(isArp ? "arp_op=" : "nw_proto=").Append(nwProto.ToString(CultureInfo.InvariantCulture)).Append(',');
        }

        if (isArp)
        {
            EthMasked(s, "arp_sha", in f, in m, FlowLayout.ArpSha);
            EthMasked(s, "arp_tha", in f, in m, FlowLayout.ArpTha);
        }

        byte tos = f.U8(FlowLayout.NwTos), tosMask = m.U8(FlowLayout.NwTos);
        if ((tosMask & 0xfc) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"nw_tos={tos & 0xfc},");
        }

        if ((tosMask & 3) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"nw_ecn={tos & 3},");
        }

        if (m.U8(FlowLayout.NwTtl) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"nw_ttl={f.U8(FlowLayout.NwTtl)},");
        }

        uint lse = f.U32(FlowLayout.MplsLse), lseMask = m.U32(FlowLayout.MplsLse);
        if ((lseMask & 0xfffff000) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"mpls_label={lse >> 12},");
        }

        if ((lseMask & 0x00000e00) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"mpls_tc={(lse >> 9) & 7},");
        }

        if ((lseMask & 0x000000ff) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"mpls_ttl={lse & 0xff},");
        }

        if ((lseMask & 0x00000100) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"mpls_bos={(lse >> 8) & 1},");
        }

        Be32Masked(s, "mpls_lse1", f.U32(FlowLayout.MplsLse1), m.U32(FlowLayout.MplsLse1));
        Be32Masked(s, "mpls_lse2", f.U32(FlowLayout.MplsLse2), m.U32(FlowLayout.MplsLse2));

        byte frag = f.U8(FlowLayout.NwFrag);
        switch (m.U8(FlowLayout.NwFrag) & 3)
        {
            case 3:
                s.Append("nw_frag=").Append((frag & 1) != 0 ? ((frag & 2) != 0 ? "later" : "first") : ((frag & 2) != 0 ? "<error>" : "no")).Append(',');
                break;
            case 1:
                s.Append("nw_frag=").Append((frag & 1) != 0 ? "yes" : "no").Append(',');
                break;
            case 2:
                s.Append("nw_frag=").Append((frag & 2) != 0 ? "later" : "not_later").Append(',');
                break;
        }

        if (dlType == EthType.Ip && nwProto == IpProto.Icmp)
        {
            Be16Masked(s, "icmp_type", f.U16(FlowLayout.TpSrc), m.U16(FlowLayout.TpSrc));
            Be16Masked(s, "icmp_code", f.U16(FlowLayout.TpDst), m.U16(FlowLayout.TpDst));
        }
        else if (dlType == EthType.Ipv6 && nwProto == IpProto.Icmpv6)
        {
            Be16Masked(s, "icmp_type", f.U16(FlowLayout.TpSrc), m.U16(FlowLayout.TpSrc));
            Be16Masked(s, "icmp_code", f.U16(FlowLayout.TpDst), m.U16(FlowLayout.TpDst));
            Ipv6Netmask(s, "nd_target", in f, in m, FlowLayout.NdTarget);
            EthMasked(s, "nd_sll", in f, in m, FlowLayout.ArpSha);
            EthMasked(s, "nd_tll", in f, in m, FlowLayout.ArpTha);
            if (m.U32(FlowLayout.IgmpGroupIp4) != 0)
            {
                Be32Masked(s, "nd_reserved", f.U32(FlowLayout.IgmpGroupIp4), m.U32(FlowLayout.IgmpGroupIp4));
            }

            if (m.U16(FlowLayout.TcpFlags) != 0)
            {
                Be16Masked(s, "nd_options_type", f.U16(FlowLayout.TcpFlags), m.U16(FlowLayout.TcpFlags));
            }
        }
        else
        {
            Be16Masked(s, "tp_src", f.U16(FlowLayout.TpSrc), m.U16(FlowLayout.TpSrc));
            Be16Masked(s, "tp_dst", f.U16(FlowLayout.TpDst), m.U16(FlowLayout.TpDst));
        }

        if (Prerequisites.IsIpAny(match.DlType) && nwProto == IpProto.Tcp && m.U16(FlowLayout.TcpFlags) != 0)
        {
            FlagNames.FormatMasked(s, "tcp_flags", FlagNames.TcpFlag, f.U16(FlowLayout.TcpFlags), (uint)(m.U16(FlowLayout.TcpFlags) & 0x0fff), 0x0fff);
            s.Append(',');
        }

        if (s.Length > start && s[^1] == ',')
        {
            s.Length--;
        }
    }

    private static void FormatVlan(StringBuilder s, string index, ushort tci, ushort mask)
    {
        if (mask == 0)
        {
            return;
        }

        int vidMask = mask & 0x0fff, pcpMask = mask & 0xe000, cfi = mask & 0x1000;
        if (cfi != 0 && (tci & 0x1000) != 0 && (vidMask is 0 or 0x0fff) && (pcpMask is 0 or 0xe000) && (vidMask | pcpMask) != 0)
        {
            if (vidMask != 0)
            {
                s.Append(CultureInfo.InvariantCulture, $"dl_vlan{index}={tci & 0x0fff},");
            }

            if (pcpMask != 0)
            {
                s.Append(CultureInfo.InvariantCulture, $"dl_vlan_pcp{index}={tci >> 13},");
            }
        }
        else if (mask == 0xffff)
        {
            s.Append(CultureInfo.InvariantCulture, $"vlan_tci{index}=0x{tci:x4},");
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"vlan_tci{index}=0x{tci:x4}/0x{mask:x4},");
        }
    }

    private static void FormatTunnel(StringBuilder s, in FlowData f, in FlowData m)
    {
        Be64Masked(s, "tun_id", f.U64(FlowLayout.TunId), m.U64(FlowLayout.TunId));
        IpNetmask(s, "tun_src", f.U32(FlowLayout.TunSrc), m.U32(FlowLayout.TunSrc));
        IpNetmask(s, "tun_dst", f.U32(FlowLayout.TunDst), m.U32(FlowLayout.TunDst));
        Ipv6Netmask(s, "tun_ipv6_src", in f, in m, FlowLayout.TunIpv6Src);
        Ipv6Netmask(s, "tun_ipv6_dst", in f, in m, FlowLayout.TunIpv6Dst);
        if (m.U16(FlowLayout.TunGbpId) != 0)
        {
            Be16Masked(s, "tun_gbp_id", f.U16(FlowLayout.TunGbpId), m.U16(FlowLayout.TunGbpId));
        }

        if (m.U8(FlowLayout.TunGbpFlags) != 0)
        {
            s.Append("tun_gbp_flags=").Append(HexAlt(f.U8(FlowLayout.TunGbpFlags))).Append(',');
        }

        if (m.U8(FlowLayout.TunTos) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"tun_tos={f.U8(FlowLayout.TunTos):x},");
        }

        if (m.U8(FlowLayout.TunTtl) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"tun_ttl={f.U8(FlowLayout.TunTtl)},");
        }

        byte ver = f.U8(FlowLayout.TunErspanVer);
        if (m.U8(FlowLayout.TunErspanVer) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"tun_erspan_ver={ver},");
        }

        if (m.U32(FlowLayout.TunErspanIdx) != 0 && ver == 1)
        {
            s.Append("tun_erspan_idx=").Append(HexAlt(f.U32(FlowLayout.TunErspanIdx))).Append(',');
        }

        if (m.U8(FlowLayout.TunErspanDir) != 0 && ver == 2)
        {
            s.Append(CultureInfo.InvariantCulture, $"tun_erspan_dir={f.U8(FlowLayout.TunErspanDir)},");
        }

        if (m.U8(FlowLayout.TunErspanHwid) != 0 && ver == 2)
        {
            s.Append("tun_erspan_hwid=").Append(HexAlt(f.U8(FlowLayout.TunErspanHwid))).Append(',');
        }

        if (m.U8(FlowLayout.TunGtpuFlags) != 0)
        {
            s.Append("gtpu_flags=").Append(HexAlt(f.U8(FlowLayout.TunGtpuFlags))).Append(',');
        }

        if (m.U8(FlowLayout.TunGtpuMsgtype) != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"gtpu_msgtype={f.U8(FlowLayout.TunGtpuMsgtype)},");
        }

        uint flagsMask = m.U16(FlowLayout.TunFlags) & 0xfu;
        if (flagsMask != 0)
        {
            FlagNames.FormatMasked(s, "tun_flags", FlagNames.TunnelFlag, f.U16(FlowLayout.TunFlags) & 0xfu, flagsMask, 0xf);
            s.Append(',');
        }
    }

    // tun_metadata_match_format: each present option in index order; "=NP" when matching its absence, nothing
    // after the name when only its presence matters.
    private static void FormatTunMetadata(StringBuilder s, in Match match)
    {
        if (!match.TunMetadata.Valid)
        {
            return;
        }

        ulong present = match.Wildcards.Masks.U64(FlowLayout.TunMetadataPresent);
        ulong flowPresent = match.Flow.U64(FlowLayout.TunMetadataPresent);
        for (int i = 0; i < 64; i++)
        {
            if ((present & (1UL << i)) == 0)
            {
                continue;
            }

            s.Append("tun_metadata").Append(i.ToString(CultureInfo.InvariantCulture));
            ReadOnlySpan<byte> mask = FieldAccess.TunMetadataBytes(in match, i, mask: true, out bool masked);
            if ((flowPresent & (1UL << i)) == 0)
            {
                s.Append("=NP");
            }
            else if (!(masked && !mask.ContainsAnyExcept((byte)0)))
            {
                s.Append('=');
                Hex(s, FieldAccess.TunMetadataBytes(in match, i, mask: false, out _));
                if (mask.ContainsAnyExcept((byte)0xff))
                {
                    s.Append('/');
                    Hex(s, mask);
                }
            }

            s.Append(',');
        }
    }

    private static void FormatNsh(StringBuilder s, in FlowData f, in FlowData m)
    {
        uint spiMask = m.U32(FlowLayout.NshPathHdr) >> 8;
        if (spiMask == 0xffffff)
        {
            spiMask = uint.MaxValue;
        }

        Uint8Masked(s, "nsh_flags", f.U8(FlowLayout.NshFlags), m.U8(FlowLayout.NshFlags));
        Uint8Masked(s, "nsh_ttl", f.U8(FlowLayout.NshTtl), m.U8(FlowLayout.NshTtl));
        Uint8Masked(s, "nsh_mdtype", f.U8(FlowLayout.NshMdtype), m.U8(FlowLayout.NshMdtype));
        Uint8Masked(s, "nsh_np", f.U8(FlowLayout.NshNp), m.U8(FlowLayout.NshNp));
        Be32MaskedHex(s, "nsh_spi", f.U32(FlowLayout.NshPathHdr) >> 8, spiMask);
        Uint8Masked(s, "nsh_si", (byte)f.U32(FlowLayout.NshPathHdr), (byte)m.U32(FlowLayout.NshPathHdr));
        if (m.U8(FlowLayout.NshMdtype) == 0xff && f.U8(FlowLayout.NshMdtype) == 1)
        {
            for (int i = 0; i < 4; i++)
            {
                int o = FlowLayout.NshContext + (4 * i);
                Be32MaskedHex(s, "nsh_c" + (i + 1).ToString(CultureInfo.InvariantCulture), f.U32(o), m.U32(o));
            }
        }
    }
}
