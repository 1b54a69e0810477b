// Upstream: odp_flow_format() and format_odp_key_attr() in lib/odp-util.c (OVS 3.1).
// Turns datapath flow key attributes, with an optional parallel run of mask attributes, into the text that
// "ovs-dpctl dump-flows" prints. Rules that shape the output:
//  - Each key attribute is matched with the mask attribute of the same type. Without a mask run the key is
//    exact. An attribute whose mask is all zeros is left out unless verbose, except nested ones (tunnel, encap,
//    nsh) and eth, which prints as "eth()" when the key has no packet_type (the kernel's way to say "Ethernet").
//  - Inside an attribute, each field follows OdpTextFormat's rules (left out when wildcarded, "/mask" when
//    partial), and a key with a bad length prints its bytes with "(bad key length N, expected M)".
//  - A mask for eth_type without an eth_type key prints as ",eth_type(0/0xNNNN)" at the end.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Flow.Text;

namespace Ovs.Dpif.Odp;

internal static partial class OdpKeyFormatter
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Formats key (and mask, when not empty) as dump-flows does; verbose is "-m". With portNames an exactly matched
    /// in_port prints the port's name when it has one.
    /// </summary>
    public static void Format(StringBuilder sb, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, bool verbose, IReadOnlyDictionary<uint, string>? portNames = null)
    {
        if (key.IsEmpty)
        {
            sb.Append("<empty>");
            return;
        }

        bool hasMask = !mask.IsEmpty;
        bool hasEthType = false;
        bool hasPacketType = false;
        bool first = true;
        var reader = new NlAttrReader(key);
        while (reader.MoveNext())
        {
            NlAttr a = reader.Current;
            bool found = NlAttrReader.TryFind(mask, a.Type, out NlAttr ma);
            if (!CheckLength(sb, a, found, ma, OdpKeyAttr.ExpectedSize, OdpKeyAttr.Max, false))
            {
                continue;
            }

            if (a.Type == OdpKeyAttr.Ethertype)
            {
                hasEthType = true;
            }
            else if (a.Type == OdpKeyAttr.PacketType)
            {
                hasPacketType = true;
            }

            bool nested = OdpKeyAttr.ExpectedSize(a.Type) == OdpKeyAttr.Nested;
            bool wildcard = hasMask && (!found || IsConstantMask(ma.Type, ma.Payload, 0));
            if (verbose || !wildcard || nested)
            {
                if (!first)
                {
                    sb.Append(',');
                }

                if (wildcard && !found)
                {
                    var w = new NlWriter(WildcardBuffer(a));
                    WildcardMask(ref w, a, OdpKeyAttr.ExpectedSize);
                    var zr = new NlAttrReader(w.Written);
                    zr.MoveNext();
                    FormatAttr(sb, a, true, zr.Current, verbose);
                }
                else if (a.Type == OdpKeyAttr.InPort && portNames is not null && a.Size == 4 && portNames.TryGetValue(a.U32, out string? portName)
                    && (!hasMask || (found && IsConstantMask(ma.Type, ma.Payload, 0xff))))
                {
                    sb.Append("in_port(").Append(portName).Append(')');
                }
                else
                {
                    FormatAttr(sb, a, found, ma, verbose);
                }

                first = false;
            }
            else if (a.Type == OdpKeyAttr.Ethernet && !hasPacketType)
            {
                if (!first)
                {
                    sb.Append(',');
                }

                sb.Append("eth()");
                first = false;
            }
            else if (a.Type == OdpKeyAttr.PacketType && wildcard)
            {
                hasPacketType = false;
            }
        }

        int left = reader.Leftover;
        if (left > 0)
        {
            if (left == key.Length)
            {
                sb.Append("<empty>");
            }

            sb.Append(s_inv, $",***{left} leftover bytes*** (");
            foreach (byte b in key[reader.Offset..])
            {
                sb.Append(s_inv, $"{b:x2}");
            }

            sb.Append(')');
        }

        if (!hasEthType && hasMask && NlAttrReader.TryFind(mask, OdpKeyAttr.Ethertype, out NlAttr em) && em.Payload.Length == 2)
        {
            sb.Append(s_inv, $",eth_type(0/0x{em.Be16:x4})");
        }
    }

    /// <summary>format_odp_key_attr: one key attribute with the mask held in maskAttr (one attribute, or empty).</summary>
    public static void FormatOne(StringBuilder sb, NlAttr a, ReadOnlySpan<byte> maskAttr, bool verbose)
    {
        var r = new NlAttrReader(maskAttr);
        bool hasMask = r.MoveNext();
        NlAttr ma = hasMask ? r.Current : default;
        if (CheckLength(sb, a, hasMask, ma, OdpKeyAttr.ExpectedSize, OdpKeyAttr.Max, false))
        {
            FormatAttr(sb, a, hasMask, ma, verbose);
        }
    }

    /// <summary>Room for WildcardMask(key): at most the key's size plus alignment padding at each nesting level.</summary>
    internal static byte[] WildcardBuffer(NlAttr key) => new byte[(2 * key.Size) + 8];

    /// <summary>Appends an all-zero mask shaped like key (nested attributes recursively).</summary>
    internal static void WildcardMask(ref NlWriter w, NlAttr key, Func<ushort, int> sizes)
    {
        if (sizes(key.Type) != OdpKeyAttr.Nested)
        {
            w.Put(key.Type, key.Size);
            return;
        }

        Func<ushort, int> inner = key.Type switch
        {
            OdpKeyAttr.Tunnel when sizes == (Func<ushort, int>)OdpKeyAttr.ExpectedSize => OdpTunnelAttr.ExpectedSize,
            OdpKeyAttr.Nsh when sizes == (Func<ushort, int>)OdpKeyAttr.ExpectedSize => OdpNshAttr.ExpectedSize,
            OdpTunnelAttr.VxlanOpts when sizes == (Func<ushort, int>)OdpTunnelAttr.ExpectedSize => OdpTunnelAttr.VxlanExtSize,
            _ => sizes,
        };
        int start = w.BeginNested(key.Type);
        foreach (NlAttr a in key.Nested)
        {
            WildcardMask(ref w, a, inner);
        }

        w.EndNested(start);
    }

    /// <summary>check_attr_len: false (after printing the bytes) when key or mask has the wrong fixed size.</summary>
    private static bool CheckLength(StringBuilder sb, NlAttr a, bool hasMask, NlAttr ma, Func<ushort, int> sizes, int max, bool needKey)
    {
        if (a.Type > max)
        {
            return true;
        }

        int expected = sizes(a.Type);
        if (expected is OdpKeyAttr.Variable or OdpKeyAttr.Nested)
        {
            return true;
        }

        bool badKey = a.Size != expected;
        bool badMask = hasMask && ma.Size != expected;
        if (!badKey && !badMask)
        {
            return true;
        }

        if (needKey)
        {
            sb.Append(s_inv, $"key{a.Type}");
        }

        if (badKey)
        {
            sb.Append(s_inv, $"(bad key length {a.Size}, expected {expected})(");
        }

        OdpTextFormat.Hex(sb, a.Payload);
        if (hasMask)
        {
            sb.Append('/');
            if (badMask)
            {
                sb.Append(s_inv, $"(bad mask length {ma.Size}, expected {expected})(");
            }

            OdpTextFormat.Hex(sb, ma.Payload);
        }

        sb.Append(')');
        return false;
    }

    /// <summary>odp_mask_is_constant__: whether mask is all value bits (0 or 0xff) for the attribute's fields.</summary>
    /// <remarks>Callers check the length of known attributes first; a nested unknown attribute is judged by the
    /// flow key type of the same number, and a mask too short for that type's fields counts as not constant.</remarks>
    internal static bool IsConstantMask(ushort type, ReadOnlySpan<byte> mask, byte value)
    {
        int needed = type switch
        {
            OdpKeyAttr.TcpFlags => 2,
            OdpKeyAttr.Ipv6 => 40,
            OdpKeyAttr.Arp => 22,
            OdpKeyAttr.CtOrigTupleIpv4 => 13,
            OdpKeyAttr.CtOrigTupleIpv6 => 37,
            _ => 0,
        };
        if (mask.Length < needed)
        {
            return false;
        }

        switch (type)
        {
            case OdpKeyAttr.Priority or OdpKeyAttr.InPort or OdpKeyAttr.Ethernet or OdpKeyAttr.Vlan or OdpKeyAttr.Ethertype
                or OdpKeyAttr.Ipv4 or OdpKeyAttr.Tcp or OdpKeyAttr.Udp or OdpKeyAttr.Icmp or OdpKeyAttr.Icmpv6 or OdpKeyAttr.Nd
                or OdpKeyAttr.NdExtensions or OdpKeyAttr.SkbMark or OdpKeyAttr.Tunnel or OdpKeyAttr.Sctp or OdpKeyAttr.DpHash
                or OdpKeyAttr.RecircId or OdpKeyAttr.Mpls or OdpKeyAttr.CtState or OdpKeyAttr.CtZone or OdpKeyAttr.CtMark
                or OdpKeyAttr.CtLabels or OdpKeyAttr.PacketType or OdpKeyAttr.Nsh:
                return !mask.ContainsAnyExcept(value);
            case OdpKeyAttr.TcpFlags:
                return (BinaryPrimitives.ReadUInt16BigEndian(mask) & 0x0fff) == (value == 0 ? 0 : 0x0fff);
            case OdpKeyAttr.Ipv6:
                uint label = BinaryPrimitives.ReadUInt32BigEndian(mask[32..]) & 0xfffff;
                return label == (value == 0 ? 0u : 0xfffffu) && !mask.Slice(36, 4).ContainsAnyExcept(value)
                    && !mask[..32].ContainsAnyExcept(value);
            case OdpKeyAttr.Arp:
                return !mask[..22].ContainsAnyExcept(value);
            case OdpKeyAttr.CtOrigTupleIpv4:
                return !mask[..13].ContainsAnyExcept(value);
            case OdpKeyAttr.CtOrigTupleIpv6:
                return !mask[..37].ContainsAnyExcept(value);
            default:
                return false;
        }
    }

    private static void FormatAttr(StringBuilder sb, NlAttr a, bool hasMask, NlAttr ma, bool verbose)
    {
        bool exact = !hasMask || IsConstantMask(ma.Type, ma.Payload, 0xff);
        ReadOnlySpan<byte> k = a.Payload;
        ReadOnlySpan<byte> m = hasMask ? ma.Payload : default;
        sb.Append(OdpKeyAttr.Name(a.Type) ?? $"key{a.Type}").Append('(');
        switch (a.Type)
        {
            case OdpKeyAttr.Encap:
                if (hasMask && ma.Size > 0 && a.Size > 0)
                {
                    Format(sb, k, m, verbose);
                }
                else if (a.Size > 0)
                {
                    Format(sb, k, default, verbose);
                }

                break;
            case OdpKeyAttr.Priority or OdpKeyAttr.SkbMark or OdpKeyAttr.DpHash or OdpKeyAttr.RecircId:
                OdpTextFormat.AppendAltHex(sb, a.U32);
                if (!exact)
                {
                    sb.Append('/');
                    OdpTextFormat.AppendAltHex(sb, ma.U32);
                }

                break;
            case OdpKeyAttr.CtMark:
                if (verbose || (hasMask && m.ContainsAnyExcept((byte)0)))
                {
                    OdpTextFormat.AppendAltHex(sb, a.U32);
                    if (!exact)
                    {
                        sb.Append('/');
                        OdpTextFormat.AppendAltHex(sb, ma.U32);
                    }
                }

                break;
            case OdpKeyAttr.CtState:
                FormatCtState(sb, a.U32, hasMask ? ma.U32 : uint.MaxValue, exact, verbose);
                break;
            case OdpKeyAttr.CtZone:
                if (verbose || (hasMask && m.ContainsAnyExcept((byte)0)))
                {
                    OdpTextFormat.AppendAltHex(sb, a.U16);
                    if (!exact)
                    {
                        sb.Append('/');
                        OdpTextFormat.AppendAltHex(sb, ma.U16);
                    }
                }

                break;
            case OdpKeyAttr.CtLabels:
                FormatU128(sb, k, m, verbose);
                break;
            case OdpKeyAttr.CtOrigTupleIpv4:
                OdpTextFormat.Ipv4(sb, "src", k, Slice(m, 0, 4), verbose);
                OdpTextFormat.Ipv4(sb, "dst", k[4..], Slice(m, 4, 4), verbose);
                OdpTextFormat.U8Dec(sb, "proto", k, m, 12, verbose);
                OdpTextFormat.Be16Dec(sb, "tp_src", k, m, 8, verbose);
                OdpTextFormat.Be16Dec(sb, "tp_dst", k, m, 10, verbose);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.CtOrigTupleIpv6:
                OdpTextFormat.Ipv6(sb, "src", k[..16], Slice(m, 0, 16), verbose);
                OdpTextFormat.Ipv6(sb, "dst", k.Slice(16, 16), Slice(m, 16, 16), verbose);
                OdpTextFormat.U8Dec(sb, "proto", k, m, 36, verbose);
                OdpTextFormat.Be16Dec(sb, "src_port", k, m, 32, verbose);
                OdpTextFormat.Be16Dec(sb, "dst_port", k, m, 34, verbose);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.Tunnel:
                FormatTunnel(sb, k, hasMask, m, verbose);
                break;
            case OdpKeyAttr.InPort:
                sb.Append(a.U32.ToString(s_inv));
                if (!exact)
                {
                    sb.Append('/');
                    OdpTextFormat.AppendAltHex(sb, ma.U32);
                }

                break;
            case OdpKeyAttr.PacketType:
                {
                    uint value = a.Be32;
                    uint pmask = hasMask ? ma.Be32 : uint.MaxValue;
                    OdpTextFormat.Number(sb, "ns", value >> 16, pmask >> 16, 0xffff, false, verbose);
                    OdpTextFormat.Number(sb, "id", value & 0xffff, pmask & 0xffff, 0xffff, true, verbose);
                    OdpTextFormat.Chomp(sb, ',');
                    break;
                }

            case OdpKeyAttr.Ethernet:
                OdpTextFormat.Eth(sb, "src", k[..6], Slice(m, 0, 6), verbose);
                OdpTextFormat.Eth(sb, "dst", k.Slice(6, 6), Slice(m, 6, 6), verbose);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.Vlan:
                FormatVlanTci(sb, a.Be16, hasMask ? ma.Be16 : (ushort)0xffff, verbose);
                break;
            case OdpKeyAttr.Mpls:
                if (a.Size == 0 || a.Size % 4 != 0)
                {
                    sb.Append(s_inv, $"(bad key length {a.Size})");
                    return;
                }

                if (!exact && ma.Size != a.Size)
                {
                    sb.Append(s_inv, $"(key length {a.Size} != mask length {ma.Size})");
                    return;
                }

                FormatMpls(sb, k, exact ? default : m);
                break;
            case OdpKeyAttr.Ethertype:
                sb.Append(s_inv, $"0x{a.Be16:x4}");
                if (!exact)
                {
                    sb.Append(s_inv, $"/0x{ma.Be16:x4}");
                }

                break;
            case OdpKeyAttr.Ipv4:
                OdpTextFormat.Ipv4(sb, "src", k, Slice(m, 0, 4), verbose);
                OdpTextFormat.Ipv4(sb, "dst", k[4..], Slice(m, 4, 4), verbose);
                OdpTextFormat.U8Dec(sb, "proto", k, m, 8, verbose);
                OdpTextFormat.U8Hex(sb, "tos", k, m, 9, verbose);
                OdpTextFormat.U8Dec(sb, "ttl", k, m, 10, verbose);
                OdpTextFormat.Frag(sb, "frag", k[11], m.IsEmpty ? null : m[11]);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.Ipv6:
                OdpTextFormat.Ipv6(sb, "src", k[..16], Slice(m, 0, 16), verbose);
                OdpTextFormat.Ipv6(sb, "dst", k.Slice(16, 16), Slice(m, 16, 16), verbose);
                OdpTextFormat.Ipv6Label(sb, "label", BinaryPrimitives.ReadUInt32BigEndian(k[32..]),
                    m.IsEmpty ? null : BinaryPrimitives.ReadUInt32BigEndian(m[32..]), verbose);
                OdpTextFormat.U8Dec(sb, "proto", k, m, 36, verbose);
                OdpTextFormat.U8Hex(sb, "tclass", k, m, 37, verbose);
                OdpTextFormat.U8Dec(sb, "hlimit", k, m, 38, verbose);
                OdpTextFormat.Frag(sb, "frag", k[39], m.IsEmpty ? null : m[39]);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.Tcp or OdpKeyAttr.Udp or OdpKeyAttr.Sctp:
                OdpTextFormat.Be16Dec(sb, "src", k, m, 0, verbose);
                OdpTextFormat.Be16Dec(sb, "dst", k, m, 2, verbose);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.TcpFlags:
                if (!exact)
                {
                    FlagNames.FormatMasked(sb, null, FlagNames.TcpFlag, a.Be16, ma.Be16 & 0x0fffu, 0x0fff);
                }
                else
                {
                    FlagNames.Format(sb, FlagNames.TcpFlag, a.Be16, '|');
                }

                break;
            case OdpKeyAttr.Icmp or OdpKeyAttr.Icmpv6:
                OdpTextFormat.U8Dec(sb, "type", k, m, 0, verbose);
                OdpTextFormat.U8Dec(sb, "code", k, m, 1, verbose);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.Arp:
                OdpTextFormat.Ipv4(sb, "sip", k, Slice(m, 0, 4), verbose);
                OdpTextFormat.Ipv4(sb, "tip", k[4..], Slice(m, 4, 4), verbose);
                OdpTextFormat.Be16Dec(sb, "op", k, m, 8, verbose);
                OdpTextFormat.Eth(sb, "sha", k.Slice(10, 6), Slice(m, 10, 6), verbose);
                OdpTextFormat.Eth(sb, "tha", k.Slice(16, 6), Slice(m, 16, 6), verbose);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.Nd:
                OdpTextFormat.Ipv6(sb, "target", k[..16], Slice(m, 0, 16), verbose);
                OdpTextFormat.Eth(sb, "sll", k.Slice(16, 6), Slice(m, 16, 6), verbose);
                OdpTextFormat.Eth(sb, "tll", k.Slice(22, 6), Slice(m, 22, 6), verbose);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.NdExtensions:
                sb.Append("nd_reserved=");
                sb.Append(s_inv, $"0x{BinaryPrimitives.ReadUInt32BigEndian(k):x}");
                sb.Append(',');
                OdpTextFormat.U8Dec(sb, "nd_options_type", k, m, 4, verbose);
                OdpTextFormat.Chomp(sb, ',');
                break;
            case OdpKeyAttr.Nsh:
                FormatNsh(sb, k, hasMask, m);
                break;
            default:
                OdpTextFormat.Hex(sb, k);
                if (!exact)
                {
                    sb.Append('/');
                    OdpTextFormat.Hex(sb, m);
                }

                break;
        }

        sb.Append(')');
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> mask, int offset, int size) =>
        mask.IsEmpty ? default : mask.Slice(offset, size);

    private static void FormatCtState(StringBuilder sb, uint key, uint mask, bool exact, bool verbose)
    {
        if (verbose)
        {
            OdpTextFormat.AppendAltHex(sb, key);
            if (!exact)
            {
                sb.Append('/');
                OdpTextFormat.AppendAltHex(sb, mask);
            }
        }
        else if (!exact)
        {
            FlagNames.FormatMasked(sb, null, FlagNames.CtState, key, mask, uint.MaxValue);
        }
        else
        {
            FlagNames.Format(sb, FlagNames.CtState, key, '|');
        }
    }

    private static void FormatU128(StringBuilder sb, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, bool verbose)
    {
        if (!verbose && !(mask.Length == 16 && mask.ContainsAnyExcept((byte)0)))
        {
            return;
        }

        Span<byte> be = stackalloc byte[16];
        HostU128ToBigEndian(key, be);
        OdpTextFormat.BigHex(sb, be);
        if (mask.Length == 16 && mask.ContainsAnyExcept((byte)0xff))
        {
            HostU128ToBigEndian(mask, be);
            sb.Append('/');
            OdpTextFormat.BigHex(sb, be);
        }
    }

    /// <summary>ct_label is an ovs_u128 in host order (low 64 bits first); text shows it big-endian.</summary>
    internal static void HostU128ToBigEndian(ReadOnlySpan<byte> host, Span<byte> be)
    {
        host[..16].CopyTo(be);
        if (BitConverter.IsLittleEndian)
        {
            be.Reverse();
        }
    }

    internal static void FormatVlanTci(StringBuilder sb, ushort tci, ushort mask, bool verbose)
    {
        int vid = tci & 0x0fff;
        int vidMask = mask & 0x0fff;
        if (verbose || vid != 0 || vidMask != 0)
        {
            sb.Append(s_inv, $"vid={vid}");
            if (vidMask != 0x0fff)
            {
                sb.Append(s_inv, $"/0x{vidMask:x}");
            }

            sb.Append(',');
        }

        int pcp = tci >> 13;
        int pcpMask = mask >> 13;
        if (verbose || pcp != 0 || pcpMask != 0)
        {
            sb.Append(s_inv, $"pcp={pcp}");
            if (pcpMask != 7)
            {
                sb.Append(s_inv, $"/0x{pcpMask:x}");
            }

            sb.Append(',');
        }

        if ((tci & 0x1000) == 0)
        {
            sb.Append("cfi=0,");
        }

        OdpTextFormat.Chomp(sb, ',');
    }

    internal static void FormatMplsLse(StringBuilder sb, uint lse) =>
        sb.Append(s_inv, $"label={lse >> 12},tc={(lse >> 9) & 7},ttl={lse & 0xff},bos={(lse >> 8) & 1}");

    private static void FormatMpls(StringBuilder sb, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        for (int i = 0; i + 4 <= key.Length; i += 4)
        {
            uint k = BinaryPrimitives.ReadUInt32BigEndian(key[i..]);
            if (mask.IsEmpty)
            {
                FormatMplsLse(sb, k);
            }
            else
            {
                uint m = BinaryPrimitives.ReadUInt32BigEndian(mask[i..]);
                sb.Append(s_inv, $"label={k >> 12}/0x{m >> 12:x},tc={(k >> 9) & 7}/{(m >> 9) & 7:x},ttl={k & 0xff}/0x{m & 0xff:x},bos={(k >> 8) & 1}/{(m >> 8) & 1:x}");
            }

            sb.Append(',');
        }

        OdpTextFormat.Chomp(sb, ',');
    }
}
