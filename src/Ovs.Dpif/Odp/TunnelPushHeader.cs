// Upstream: format_odp_tnl_push_header() and ovs_parse_tnl_push() in lib/odp-util.c (OVS 3.1).
// The tnl_push action carries a ready-made outer header (Ethernet, IPv4 or IPv6, then UDP+VXLAN, UDP+Geneve or
// GRE) that the userspace datapath prepends to a packet. Payload layout (host order for the four numbers):
//   u32 tnl_port, u32 out_port, u32 header_len, u32 tnl_type (an OVS_VPORT_TYPE_*), header bytes.
// Text: tnl_push(tnl_port(N),header(size=N,type=N,eth(...),ipv4(...)|ipv6(...),udp(...),vxlan(...)|geneve(...)
// |gre(...)),out_port(N)). Size and type in the text must agree with the header the text describes. ERSPAN and
// GTP-U headers are not handled yet (upstream's parser cannot read GTP-U back either).
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Flow.Packets;

namespace Ovs.Dpif.Odp;

internal static class TunnelPushHeader
{
    public const uint VportGre = 3;
    public const uint VportVxlan = 4;
    public const uint VportGeneve = 5;
    public const uint VportIp6Gre = 109;
    public const uint VportGtpu = 110;

    private const ushort GreCsum = 0x8000;
    private const ushort GreKey = 0x2000;
    private const ushort GreSeq = 0x1000;
    private const int MaxHeader = 512;

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static void Format(StringBuilder sb, ReadOnlySpan<byte> p)
    {
        uint headerLen = p.Length >= 16 ? UserActionCookie.ReadU32(p, 8) : 0;
        if (p.Length < 16 + 34 || headerLen > p.Length - 16)
        {
            sb.Append("tnl_push(error)");
            return;
        }

        uint type = UserActionCookie.ReadU32(p, 12);
        if (headerLen > MaxHeader)
        {
            sb.Append("tnl_push(error)");
            return;
        }

        // The header is read at fixed offsets for its type; a header shorter than its type needs reads as zeros
        // past its end instead of running off the attribute (the longest read is IPv6 + UDP + Geneve options).
        Span<byte> padded = stackalloc byte[MaxHeader + 256];
        padded.Clear();
        p.Slice(16, (int)headerLen).CopyTo(padded);
        scoped ReadOnlySpan<byte> h = padded;
        sb.Append(s_inv, $"tnl_push(tnl_port({UserActionCookie.ReadU32(p, 0)}),header(size={headerLen},type={type},eth(dst=");
        sb.Append(EthAddr.Read(h).ToString()).Append(",src=").Append(EthAddr.Read(h[6..]).ToString());
        ushort dlType = BinaryPrimitives.ReadUInt16BigEndian(h[12..]);
        sb.Append(s_inv, $",dl_type=0x{dlType:x4}),");
        scoped ReadOnlySpan<byte> l3 = h[14..];
        scoped ReadOnlySpan<byte> l4;
        if (dlType == EthType.Ip)
        {
            sb.Append("ipv4(src=");
            Ipv4Text.Append(sb, BinaryPrimitives.ReadUInt32BigEndian(l3[12..]));
            sb.Append(",dst=");
            Ipv4Text.Append(sb, BinaryPrimitives.ReadUInt32BigEndian(l3[16..]));
            sb.Append(s_inv, $",proto={l3[9]},tos=");
            OdpTextFormat.AppendAltHex(sb, l3[1]);
            sb.Append(s_inv, $",ttl={l3[8]},frag=0x{BinaryPrimitives.ReadUInt16BigEndian(l3[6..]):x}),");
            l4 = l3[20..];
        }
        else
        {
            uint flow = BinaryPrimitives.ReadUInt32BigEndian(l3);
            sb.Append("ipv6(src=");
            Ipv6Address.Read(l3[8..]).AppendTo(sb);
            sb.Append(",dst=");
            Ipv6Address.Read(l3[24..]).AppendTo(sb);
            sb.Append(s_inv, $",label={flow & 0xfffff},proto={l3[6]},tclass=0x{(flow >> 20) & 0xff:x},hlimit={l3[7]}),");
            l4 = l3[40..];
        }

        if (type is VportVxlan or VportGeneve or VportGtpu)
        {
            sb.Append(s_inv, $"udp(src={BinaryPrimitives.ReadUInt16BigEndian(l4)},dst={BinaryPrimitives.ReadUInt16BigEndian(l4[2..])},csum=0x{BinaryPrimitives.ReadUInt16BigEndian(l4[6..]):x}),");
            ReadOnlySpan<byte> t = l4[8..];
            if (type == VportVxlan)
            {
                sb.Append(s_inv, $"vxlan(flags=0x{BinaryPrimitives.ReadUInt32BigEndian(t):x},vni=0x{BinaryPrimitives.ReadUInt32BigEndian(t[4..]) >> 8:x})");
            }
            else if (type == VportGeneve)
            {
                sb.Append("geneve(");
                sb.Append((t[1] & 0x80) != 0 ? "oam," : "").Append((t[1] & 0x40) != 0 ? "crit," : "");
                sb.Append(s_inv, $"vni=0x{BinaryPrimitives.ReadUInt32BigEndian(t[4..]) >> 8:x}");
                int optLen = (t[0] & 0x3f) * 4;
                if (optLen > 0)
                {
                    sb.Append(",options(");
                    OdpKeyFormatter.FormatGeneveOptions(sb, t.Slice(8, optLen));
                    sb.Append(')');
                }

                sb.Append(')');
            }
            else
            {
                sb.Append(s_inv, $"gtpu(flags=0x{t[0]:x},msgtype={t[1]},teid=0x{BinaryPrimitives.ReadUInt32BigEndian(t[4..]):x})");
            }
        }
        else if (type is VportGre or VportIp6Gre)
        {
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(l4);
            sb.Append(s_inv, $"gre((flags=0x{flags:x},proto=0x{BinaryPrimitives.ReadUInt16BigEndian(l4[2..]):x})");
            ReadOnlySpan<byte> options = l4[4..];
            if ((flags & GreCsum) != 0)
            {
                sb.Append(s_inv, $",csum=0x{BinaryPrimitives.ReadUInt16BigEndian(options):x}");
                options = options[4..];
            }

            if ((flags & GreKey) != 0)
            {
                sb.Append(s_inv, $",key=0x{BinaryPrimitives.ReadUInt32BigEndian(options):x}");
                options = options[4..];
            }

            if ((flags & GreSeq) != 0)
            {
                sb.Append(s_inv, $",seq=0x{BinaryPrimitives.ReadUInt32BigEndian(options):x}");
            }

            sb.Append(')');
        }

        sb.Append(s_inv, $"),out_port({UserActionCookie.ReadU32(p, 4)}))");
    }

    /// <summary>Parses "tnl_push(...)" at the scanner into a tnl_push action; false when the text is not one.</summary>
    public static bool Parse(ref OdpScanner s, ref NlWriter actions)
    {
        Span<byte> data = stackalloc byte[16 + MaxHeader];
        data.Clear();
        if (!s.Take("tnl_push(tnl_port(") || !s.ScanInt(out ulong tnlPort) || !s.Take("),header(size=") || !s.ScanInt(out ulong size)
            || !s.Take(",type=") || !s.ScanInt(out ulong type) || !s.Take(",eth(dst="))
        {
            return false;
        }

        Span<byte> h = data[16..];
        if (!s.ScanEth(h[..6], default) || !s.Take(",src=") || !s.ScanEth(h.Slice(6, 6), default) || !s.Take(",dl_type=0x")
            || !s.ScanHex(out ulong dlType) || !s.Take("),"))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(h[12..], (ushort)dlType);
        Span<byte> l3 = h[14..];
        int ipLength;
        if ((ushort)dlType == EthType.Ip)
        {
            if (!s.Take("ipv4(src=") || !s.ScanIpv4(l3.Slice(12, 4), default) || !s.Take(",dst=") || !s.ScanIpv4(l3.Slice(16, 4), default)
                || !s.Take(",proto=") || !s.ScanInt(out ulong proto) || !s.Take(",tos=") || !s.ScanInt(out ulong tos)
                || !s.Take(",ttl=") || !s.ScanInt(out ulong ttl) || !s.Take(",frag=0x") || !s.ScanHex(out ulong frag) || !s.Take("),"))
            {
                return false;
            }

            l3[0] = 0x45;
            l3[1] = (byte)tos;
            BinaryPrimitives.WriteUInt16BigEndian(l3[6..], (ushort)frag);
            l3[8] = (byte)ttl;
            l3[9] = (byte)proto;
            BinaryPrimitives.WriteUInt16BigEndian(l3[10..], InternetChecksum(l3[..20]));
            ipLength = 20;
        }
        else
        {
            if (!s.Take("ipv6(src=") || !s.ScanIpv6(l3.Slice(8, 16), default) || !s.Take(",dst=") || !s.ScanIpv6(l3.Slice(24, 16), default)
                || !s.Take(",label=") || !s.ScanInt(out ulong label) || (label & ~0xfffffUL) != 0 || !s.Take(",proto=")
                || !s.ScanInt(out ulong next) || !s.Take(",tclass=0x") || !s.ScanHex(out ulong tclass) || !s.Take(",hlimit=")
                || !s.ScanInt(out ulong hlimit) || !s.Take("),"))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt32BigEndian(l3, (6u << 28) | ((uint)(byte)tclass << 20) | (uint)label);
            l3[6] = (byte)next;
            l3[7] = (byte)hlimit;
            ipLength = 40;
        }

        Span<byte> l4 = l3[ipLength..];
        int headerLength;
        uint tnlType;
        if (s.Take("udp(src="))
        {
            if (!s.ScanInt(out ulong src) || !s.Take(",dst=") || !s.ScanInt(out ulong dst) || !s.Take(",csum=0x") || !s.ScanHex(out ulong csum)
                || !s.Take("),"))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16BigEndian(l4, (ushort)src);
            BinaryPrimitives.WriteUInt16BigEndian(l4[2..], (ushort)dst);
            BinaryPrimitives.WriteUInt16BigEndian(l4[6..], (ushort)csum);
            Span<byte> t = l4[8..];
            if (s.Take("vxlan(flags=0x"))
            {
                if (!s.ScanHex(out ulong vxFlags) || !s.Take(",vni=0x") || !s.ScanHex(out ulong vni) || !s.Take("))"))
                {
                    return false;
                }

                BinaryPrimitives.WriteUInt32BigEndian(t, (uint)vxFlags);
                BinaryPrimitives.WriteUInt32BigEndian(t[4..], (uint)vni << 8);
                tnlType = VportVxlan;
                headerLength = 14 + ipLength + 8 + 8;
            }
            else if (s.Take("geneve("))
            {
                headerLength = 14 + ipLength + 8 + 8;
                if (s.Take("oam,"))
                {
                    t[1] |= 0x80;
                }

                if (s.Take("crit,"))
                {
                    t[1] |= 0x40;
                }

                if (!s.Take("vni=") || !s.ScanInt(out ulong vni))
                {
                    return false;
                }

                if (s.Take(",options("))
                {
                    Span<byte> scratch = stackalloc byte[252];
                    if (!OdpKeyParser.ScanGeneveOptions(ref s, t.Slice(8, 252), scratch, out int optSize)
                        || headerLength + optSize > MaxHeader)
                    {
                        return false;
                    }

                    t[0] = (byte)(optSize / 4);
                    headerLength += optSize;
                }

                if (!s.Take("))"))
                {
                    return false;
                }

                BinaryPrimitives.WriteUInt16BigEndian(t[2..], 0x6558);
                BinaryPrimitives.WriteUInt32BigEndian(t[4..], (uint)vni << 8);
                tnlType = VportGeneve;
            }
            else
            {
                return false;
            }
        }
        else if (s.Take("gre((flags=0x"))
        {
            if (!s.ScanHex(out ulong greFlags) || !s.Take(",proto=0x") || !s.ScanHex(out ulong greProto) || !s.Take(')'))
            {
                return false;
            }

            tnlType = (ushort)dlType == EthType.Ip ? VportGre : VportIp6Gre;
            BinaryPrimitives.WriteUInt16BigEndian(l4, (ushort)greFlags);
            BinaryPrimitives.WriteUInt16BigEndian(l4[2..], (ushort)greProto);
            int option = 4;
            if ((greFlags & GreCsum) != 0)
            {
                if (!s.Take(",csum=0x") || !s.ScanHex(out ulong csum))
                {
                    return false;
                }

                BinaryPrimitives.WriteUInt16BigEndian(l4[option..], (ushort)csum);
                option += 4;
            }

            if ((greFlags & GreKey) != 0)
            {
                if (!s.Take(",key=0x") || !s.ScanHex(out ulong key))
                {
                    return false;
                }

                BinaryPrimitives.WriteUInt32BigEndian(l4[option..], (uint)key);
                option += 4;
            }

            if ((greFlags & GreSeq) != 0)
            {
                if (!s.Take(",seq=0x") || !s.ScanHex(out ulong seq))
                {
                    return false;
                }

                BinaryPrimitives.WriteUInt32BigEndian(l4[option..], (uint)seq);
                option += 4;
            }

            if (!s.Take("))"))
            {
                return false;
            }

            headerLength = 14 + ipLength + option;
        }
        else
        {
            return false;
        }

        if ((uint)type != tnlType || (uint)size != (uint)headerLength || !s.Take(",out_port(") || !s.ScanInt(out ulong outPort) || !s.Take("))"))
        {
            return false;
        }

        UserActionCookie.WriteU32(data, 0, (uint)tnlPort);
        UserActionCookie.WriteU32(data, 4, (uint)outPort);
        UserActionCookie.WriteU32(data, 8, (uint)headerLength);
        UserActionCookie.WriteU32(data, 12, tnlType);
        actions.PutBytes(OdpActionAttr.TunnelPush, data[..(16 + headerLength)]);
        return true;
    }

    /// <summary>The IPv4 header checksum (RFC 1071) of header, whose checksum field is zero.</summary>
    private static ushort InternetChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
