// Upstream: odp_flow_from_string() and parse_odp_key_mask_attr() in lib/odp-util.c (OVS 3.1).
// Parses the flow key syntax that dump-flows prints (and dpctl/add-flow accepts) into key and mask attributes.
// Grammar, per attribute: name "(" fields ")" where a struct attribute's fields are "name=value[/mask]" in any
// order separated by commas, and a field left out is wildcarded (key 0, mask 0); single-valued attributes take
// "value[/mask]"; encap(...) nests attributes. Attributes are separated by commas or white space, and a
// "ufid:UUID" may precede any of them. On failure nothing is kept and the error names the text from the start of
// the top-level attribute that failed ("syntax error at ..."), as upstream does.
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;

namespace Ovs.Dpif.Odp;

internal static partial class OdpKeyParser
{
    private enum Kind
    {
        Ipv4,
        Ipv6,
        Eth,
        U8,
        Be16,
        Be32,
        Frag,
        Ipv6Label,
        VlanVid,
        VlanPcp,
        VlanCfi,
    }

    private readonly record struct Field(string Prefix, Kind Kind, int Offset);

    private sealed record StructAttr(string Name, ushort Type, int Size, Field[] Fields);

    private static readonly StructAttr[] s_structAttrs =
    [
        new("ct_tuple4(", OdpKeyAttr.CtOrigTupleIpv4, 13,
            [new("src=", Kind.Ipv4, 0), new("dst=", Kind.Ipv4, 4), new("proto=", Kind.U8, 12), new("tp_src=", Kind.Be16, 8), new("tp_dst=", Kind.Be16, 10)]),
        new("ct_tuple6(", OdpKeyAttr.CtOrigTupleIpv6, 37,
            [new("src=", Kind.Ipv6, 0), new("dst=", Kind.Ipv6, 16), new("proto=", Kind.U8, 36), new("tp_src=", Kind.Be16, 32), new("tp_dst=", Kind.Be16, 34)]),
        new("eth(", OdpKeyAttr.Ethernet, 12, [new("src=", Kind.Eth, 0), new("dst=", Kind.Eth, 6)]),
        new("ipv4(", OdpKeyAttr.Ipv4, 12,
            [new("src=", Kind.Ipv4, 0), new("dst=", Kind.Ipv4, 4), new("proto=", Kind.U8, 8), new("tos=", Kind.U8, 9), new("ttl=", Kind.U8, 10), new("frag=", Kind.Frag, 11)]),
        new("ipv6(", OdpKeyAttr.Ipv6, 40,
            [new("src=", Kind.Ipv6, 0), new("dst=", Kind.Ipv6, 16), new("label=", Kind.Ipv6Label, 32), new("proto=", Kind.U8, 36),
             new("tclass=", Kind.U8, 37), new("hlimit=", Kind.U8, 38), new("frag=", Kind.Frag, 39)]),
        new("tcp(", OdpKeyAttr.Tcp, 4, [new("src=", Kind.Be16, 0), new("dst=", Kind.Be16, 2)]),
        new("udp(", OdpKeyAttr.Udp, 4, [new("src=", Kind.Be16, 0), new("dst=", Kind.Be16, 2)]),
        new("sctp(", OdpKeyAttr.Sctp, 4, [new("src=", Kind.Be16, 0), new("dst=", Kind.Be16, 2)]),
        new("icmp(", OdpKeyAttr.Icmp, 2, [new("type=", Kind.U8, 0), new("code=", Kind.U8, 1)]),
        new("icmpv6(", OdpKeyAttr.Icmpv6, 2, [new("type=", Kind.U8, 0), new("code=", Kind.U8, 1)]),
        new("arp(", OdpKeyAttr.Arp, 24,
            [new("sip=", Kind.Ipv4, 0), new("tip=", Kind.Ipv4, 4), new("op=", Kind.Be16, 8), new("sha=", Kind.Eth, 10), new("tha=", Kind.Eth, 16)]),
        new("nd(", OdpKeyAttr.Nd, 28, [new("target=", Kind.Ipv6, 0), new("sll=", Kind.Eth, 16), new("tll=", Kind.Eth, 22)]),
        new("nd_ext(", OdpKeyAttr.NdExtensions, 8, [new("nd_reserved=", Kind.Be32, 0), new("nd_options_type=", Kind.U8, 4)]),
        new("packet_type(", OdpKeyAttr.PacketType, 4, [new("ns=", Kind.Be16, 0), new("id=", Kind.Be16, 2)]),
    ];

    private static readonly StructAttr s_vlanAttr = new("vlan(", OdpKeyAttr.Vlan, 2,
        [new("vid=", Kind.VlanVid, 0), new("pcp=", Kind.VlanPcp, 0), new("cfi=", Kind.VlanCfi, 0)]);

    /// <summary>
    /// Parses text into key and mask attributes; returns null on success, else the error message. With portNames,
    /// "in_port(NAME)" is accepted for a port that has a name there (dpctl/add-flow), as an exact match.
    /// </summary>
    public static string? Parse(ReadOnlySpan<char> text, ref NlWriter key, ref NlWriter mask, IReadOnlyDictionary<string, uint>? portNames = null)
    {
        int keyStart = key.Length;
        int maskStart = mask.Length;
        var s = new OdpScanner(text);
        while (true)
        {
            s.SkipDelimiters();
            if (s.AtEnd)
            {
                return null;
            }

            int ufid = Ufid.TryParsePrefix(s.Rest, out _);
            if (ufid < 0)
            {
                return Fail(ref key, ref mask, keyStart, maskStart, s.Rest);
            }

            s.Position += ufid;
            if (ufid > 0 && s.Peek == ' ')
            {
                s.Position++;
            }

            int attrStart = s.Position;
            if (portNames is not null && TryParseNamedInPort(ref s, ref key, ref mask, portNames))
            {
                continue;
            }

            if (!ParseAttr(ref s, ref key, ref mask, 0) || key.Overflowed || mask.Overflowed)
            {
                return Fail(ref key, ref mask, keyStart, maskStart, text[attrStart..]);
            }
        }
    }

    /// <summary>scan_port's name case: "in_port(NAME)" where NAME is not a number but a known port's name.</summary>
    private static bool TryParseNamedInPort(ref OdpScanner s, ref NlWriter key, ref NlWriter mask, IReadOnlyDictionary<string, uint> portNames)
    {
        ReadOnlySpan<char> rest = s.Rest;
        if (!rest.StartsWith("in_port(", StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> inner = rest[8..];
        int close = inner.IndexOf(')');
        if (close <= 0 || char.IsAsciiDigit(inner[0]) || inner[0] is '-' or '+'
            || !portNames.TryGetValue(inner[..close].ToString(), out uint port))
        {
            return false;
        }

        key.PutU32(OdpKeyAttr.InPort, port);
        mask.PutU32(OdpKeyAttr.InPort, uint.MaxValue);
        s.Position += 8 + close + 1;
        return true;
    }

    /// <summary>Parses one attribute at the scanner (used by set(...) actions).</summary>
    internal static bool ParseOne(ref OdpScanner s, ref NlWriter key, ref NlWriter mask) => ParseAttr(ref s, ref key, ref mask, 0);

    private static string Fail(ref NlWriter key, ref NlWriter mask, int keyStart, int maskStart, ReadOnlySpan<char> at)
    {
        key.Truncate(keyStart);
        mask.Truncate(maskStart);
        return $"syntax error at {at}";
    }

    private static bool ParseAttr(ref OdpScanner s, ref NlWriter key, ref NlWriter mask, int depth)
    {
        if (depth > 32)
        {
            return false;
        }

        if (s.Take("skb_priority("))
        {
            return ScanSingle(ref s, ref key, ref mask, OdpKeyAttr.Priority, 4, true, false);
        }

        if (s.Take("skb_mark("))
        {
            return ScanSingle(ref s, ref key, ref mask, OdpKeyAttr.SkbMark, 4, true, false);
        }

        if (s.Take("recirc_id("))
        {
            return ScanSingle(ref s, ref key, ref mask, OdpKeyAttr.RecircId, 4, false, false);
        }

        if (s.Take("dp_hash("))
        {
            return ScanSingle(ref s, ref key, ref mask, OdpKeyAttr.DpHash, 4, true, false);
        }

        if (s.Take("ct_state("))
        {
            return ScanFlagsAttr(ref s, ref key, ref mask, OdpKeyAttr.CtState, 4, Flow.Text.FlagNames.CtState, 0xff, "ct_state");
        }

        if (s.Take("ct_zone("))
        {
            return ScanSingle(ref s, ref key, ref mask, OdpKeyAttr.CtZone, 2, true, false);
        }

        if (s.Take("ct_mark("))
        {
            return ScanSingle(ref s, ref key, ref mask, OdpKeyAttr.CtMark, 4, true, false);
        }

        if (s.Take("ct_label("))
        {
            return ScanCtLabel(ref s, ref key, ref mask);
        }

        if (s.Take("tunnel("))
        {
            return ParseTunnel(ref s, ref key, ref mask);
        }

        if (s.Take("in_port("))
        {
            return ScanSingle(ref s, ref key, ref mask, OdpKeyAttr.InPort, 4, true, false);
        }

        if (s.Take("eth_type("))
        {
            return ScanSingle(ref s, ref key, ref mask, OdpKeyAttr.Ethertype, 2, true, true);
        }

        if (s.Take("tcp_flags("))
        {
            return ScanFlagsAttr(ref s, ref key, ref mask, OdpKeyAttr.TcpFlags, 2, Flow.Text.FlagNames.TcpFlag, 0x0fff, "TCP");
        }

        if (s.Take("mpls("))
        {
            return ParseMpls(ref s, ref key, ref mask);
        }

        if (s.Take("nsh("))
        {
            return ParseNsh(ref s, ref key, ref mask);
        }

        if (s.Take("encap("))
        {
            int k = key.BeginNested(OdpKeyAttr.Encap);
            int m = mask.BeginNested(OdpKeyAttr.Encap);
            while (true)
            {
                s.SkipDelimiters();
                if (s.AtEnd)
                {
                    return false;
                }

                if (s.Take(')'))
                {
                    break;
                }

                if (!ParseAttr(ref s, ref key, ref mask, depth + 1))
                {
                    return false;
                }
            }

            key.EndNested(k);
            mask.EndNested(m);
            return true;
        }

        if (s.Take(s_vlanAttr.Name))
        {
            Span<byte> kb = stackalloc byte[2];
            Span<byte> mb = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(kb, 0x1000);
            BinaryPrimitives.WriteUInt16BigEndian(mb, 0x1000);
            return ScanStruct(ref s, ref key, ref mask, s_vlanAttr, kb, mb);
        }

        foreach (StructAttr attr in s_structAttrs)
        {
            if (s.Take(attr.Name))
            {
                Span<byte> kb = stackalloc byte[attr.Size];
                Span<byte> mb = stackalloc byte[attr.Size];
                kb.Clear();
                mb.Clear();
                return ScanStruct(ref s, ref key, ref mask, attr, kb, mb);
            }
        }

        return false;
    }

    /// <summary>SCAN_SINGLE: "value[/mask])" of a host-order (or network-order) integer attribute.</summary>
    private static bool ScanSingle(ref OdpScanner s, ref NlWriter key, ref NlWriter mask, ushort type, int size, bool allowMask, bool bigEndian)
    {
        ulong full = size == 4 ? uint.MaxValue : ushort.MaxValue;
        ulong value;
        ulong m = full;
        if (allowMask)
        {
            if (!s.ScanIntMasked(full, out value, out m))
            {
                return false;
            }
        }
        else if (s.ScanInt(out value))
        {
            value &= full;
        }
        else
        {
            return false;
        }

        if (!s.Take(')'))
        {
            return false;
        }

        PutInt(ref key, type, size, value, bigEndian);
        PutInt(ref mask, type, size, m, bigEndian);
        return true;
    }

    private static void PutInt(ref NlWriter w, ushort type, int size, ulong value, bool bigEndian)
    {
        if (size == 4)
        {
            if (bigEndian)
            {
                w.PutBe32(type, (uint)value);
            }
            else
            {
                w.PutU32(type, (uint)value);
            }
        }
        else if (bigEndian)
        {
            w.PutBe16(type, (ushort)value);
        }
        else
        {
            w.PutU16(type, (ushort)value);
        }
    }

    /// <summary>ct_state and tcp_flags: "a|b", "+a-b" or "0xN/0xM", up to the closing parenthesis.</summary>
    private static bool ScanFlagsAttr(ref OdpScanner s, ref NlWriter key, ref NlWriter mask, ushort type, int size,
        Func<uint, string?> names, uint allowed, string fieldName)
    {
        if (!ScanFlags(ref s, names, allowed, fieldName, out uint flags, out uint fmask) || !s.Take(')'))
        {
            return false;
        }

        if (size == 4)
        {
            key.PutU32(type, flags);
            mask.PutU32(type, fmask);
        }
        else
        {
            key.PutBe16(type, (ushort)flags);
            mask.PutBe16(type, (ushort)fmask);
        }

        return true;
    }

    /// <summary>Flags up to (not including) the next ')'; the "a|b" form (and no flags at all) is exact.</summary>
    internal static bool ScanFlags(ref OdpScanner s, Func<uint, string?> names, uint allowed, string fieldName, out uint flags, out uint mask)
    {
        int close = s.Rest.IndexOf(')');
        flags = 0;
        mask = 0;
        if (close < 0)
        {
            return false;
        }

        string body = s.Rest[..close].ToString();
        if (body.Length == 0)
        {
            mask = uint.MaxValue;
        }
        else if (Flow.Text.FlagNames.Parse(body, names, fieldName, allowed, out flags, out mask) is not null)
        {
            return false;
        }

        s.Position += close;
        return true;
    }

    private static bool ScanCtLabel(ref OdpScanner s, ref NlWriter key, ref NlWriter mask)
    {
        Span<byte> be = stackalloc byte[16];
        Span<byte> bm = stackalloc byte[16];
        if (!s.ScanHexBytes(be))
        {
            return false;
        }

        bm.Fill(0xff);
        if (s.Take('/') && !s.ScanHexBytes(bm))
        {
            return false;
        }

        if (!s.Take(')'))
        {
            return false;
        }

        OdpKeyFormatter.HostU128ToBigEndian(be, be);
        OdpKeyFormatter.HostU128ToBigEndian(bm, bm);
        key.PutBytes(OdpKeyAttr.CtLabels, be);
        mask.PutBytes(OdpKeyAttr.CtLabels, bm);
        return true;
    }

    /// <summary>SCAN_BEGIN..SCAN_END: "field=value[/mask]" items in any order, then ")".</summary>
    private static bool ScanStruct(ref OdpScanner s, ref NlWriter key, ref NlWriter mask, StructAttr attr, scoped Span<byte> k, scoped Span<byte> m)
    {
        while (true)
        {
            bool matched = false;
            foreach (Field f in attr.Fields)
            {
                if (s.Take(f.Prefix))
                {
                    if (!ScanField(ref s, f, k, m))
                    {
                        return false;
                    }

                    matched = true;
                    break;
                }
            }

            char c = s.Peek;
            if (s.AtEnd)
            {
                return false;
            }

            s.Position++;
            if (c == ',' && matched)
            {
                continue;
            }

            if (c != ')')
            {
                return false;
            }

            break;
        }

        key.PutBytes(attr.Type, k);
        mask.PutBytes(attr.Type, m);
        return true;
    }

    private static bool ScanField(ref OdpScanner s, Field f, scoped Span<byte> k, scoped Span<byte> m)
    {
        switch (f.Kind)
        {
            case Kind.Ipv4:
                return s.ScanIpv4(k.Slice(f.Offset, 4), m.Slice(f.Offset, 4));
            case Kind.Ipv6:
                return s.ScanIpv6(k.Slice(f.Offset, 16), m.Slice(f.Offset, 16));
            case Kind.Eth:
                return s.ScanEth(k.Slice(f.Offset, 6), m.Slice(f.Offset, 6));
            case Kind.U8:
                {
                    if (!s.ScanIntMasked(0xff, out ulong v, out ulong mv))
                    {
                        return false;
                    }

                    k[f.Offset] = (byte)v;
                    m[f.Offset] = (byte)mv;
                    return true;
                }

            case Kind.Be16:
                {
                    if (!s.ScanIntMasked(0xffff, out ulong v, out ulong mv))
                    {
                        return false;
                    }

                    BinaryPrimitives.WriteUInt16BigEndian(k[f.Offset..], (ushort)v);
                    BinaryPrimitives.WriteUInt16BigEndian(m[f.Offset..], (ushort)mv);
                    return true;
                }

            case Kind.Be32:
                {
                    if (!s.ScanIntMasked(uint.MaxValue, out ulong v, out ulong mv))
                    {
                        return false;
                    }

                    BinaryPrimitives.WriteUInt32BigEndian(k[f.Offset..], (uint)v);
                    BinaryPrimitives.WriteUInt32BigEndian(m[f.Offset..], (uint)mv);
                    return true;
                }

            case Kind.Frag:
                if (!s.ScanFrag(out byte frag))
                {
                    return false;
                }

                k[f.Offset] = frag;
                m[f.Offset] = 0xff;
                return true;
            case Kind.Ipv6Label:
                {
                    if (!s.ScanInt(out ulong v) || (v & ~0xfffffUL) != 0)
                    {
                        return false;
                    }

                    uint mv = 0xfffff;
                    int save = s.Position;
                    if (s.Take('/'))
                    {
                        if (s.ScanInt(out ulong mm) && (mm & ~0xfffffUL) == 0)
                        {
                            mv = (uint)mm;
                        }
                        else
                        {
                            s.Position = save;
                        }
                    }

                    BinaryPrimitives.WriteUInt32BigEndian(k[f.Offset..], (uint)v);
                    BinaryPrimitives.WriteUInt32BigEndian(m[f.Offset..], mv);
                    return true;
                }

            case Kind.VlanVid:
                return ScanBitfield16(ref s, k, m, 12, 0);
            case Kind.VlanPcp:
                return ScanBitfield16(ref s, k, m, 3, 13);
            case Kind.VlanCfi:
                return ScanBitfield16(ref s, k, m, 1, 12);
            default:
                return false;
        }
    }

    /// <summary>scan_be16_bf: sets bits of a big-endian 16-bit field; values that do not fit are errors.</summary>
    private static bool ScanBitfield16(ref OdpScanner s, scoped Span<byte> k, scoped Span<byte> m, int bits, int offset)
    {
        if (!s.ScanInt(out ulong v))
        {
            return false;
        }

        ushort fieldMask = (ushort)(((1 << bits) - 1) << offset);
        if (((ushort)v >> bits) != 0)
        {
            return false;
        }

        ushort kv = BinaryPrimitives.ReadUInt16BigEndian(k);
        BinaryPrimitives.WriteUInt16BigEndian(k, (ushort)((kv & ~fieldMask) | ((ushort)v << offset)));
        ushort mv = BinaryPrimitives.ReadUInt16BigEndian(m);
        int save = s.Position;
        if (s.Take('/'))
        {
            if (!s.ScanInt(out ulong mm))
            {
                s.Position = save;
                BinaryPrimitives.WriteUInt16BigEndian(m, (ushort)(mv | fieldMask));
                return true;
            }

            if (((ushort)mm >> bits) != 0)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16BigEndian(m, (ushort)((mv & ~fieldMask) | ((ushort)mm << offset)));
            return true;
        }

        BinaryPrimitives.WriteUInt16BigEndian(m, (ushort)(mv | fieldMask));
        return true;
    }
}
