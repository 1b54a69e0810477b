// Upstream: the match part of parse_ofp_str__() in lib/ofp-flow.c, ofp_parse_field() and ofp_parse_protocol() in
// lib/ofp-parse.c, and ofputil_parse_key_value() (OVS 3.1).
// Applies the match keywords of the ovs-ofctl flow syntax to a Match: protocol shorthands ("ip", "tcp6", ...),
// "eth", and "field=value[/mask]" for every field name and alias. Keys that are not about the match (priority,
// actions, cookie, table, ...) are left to the caller, which owns the rest of the flow syntax.
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Text;

internal static class MatchParser
{
    private static readonly (string Name, ushort DlType, byte NwProto)[] s_protocols =
    [
        ("ip", EthType.Ip, 0), ("ipv4", EthType.Ip, 0), ("ip4", EthType.Ip, 0), ("arp", EthType.Arp, 0),
        ("icmp", EthType.Ip, IpProto.Icmp), ("tcp", EthType.Ip, IpProto.Tcp), ("udp", EthType.Ip, IpProto.Udp),
        ("sctp", EthType.Ip, IpProto.Sctp), ("ipv6", EthType.Ipv6, 0), ("ip6", EthType.Ipv6, 0),
        ("icmp6", EthType.Ipv6, IpProto.Icmpv6), ("tcp6", EthType.Ipv6, IpProto.Tcp), ("udp6", EthType.Ipv6, IpProto.Udp),
        ("sctp6", EthType.Ipv6, IpProto.Sctp), ("rarp", EthType.Rarp, 0), ("mpls", EthType.Mpls, 0),
        ("mplsm", EthType.MplsMulticast, 0),
    ];

    /// <summary>
    /// Applies one key=value pair if it belongs to the match. Returns false (and no error) when name is not a
    /// match keyword; otherwise true, with error set to upstream's message if the value is bad.
    /// </summary>
    public static bool TryApply(string name, string value, ref Match match, out string? error)
    {
        ProtocolSet usable = ProtocolSet.Any;
        return TryApply(name, value, ref match, ref usable, out error);
    }

    /// <summary>As TryApply, also narrowing usable to the protocols that can express the match.</summary>
    public static bool TryApply(string name, string value, ref Match match, ref ProtocolSet usable, out string? error)
    {
        error = null;
        foreach ((string protocol, ushort dlType, byte nwProto) in s_protocols)
        {
            if (protocol == name)
            {
                Span<byte> v = stackalloc byte[2];
                v[0] = (byte)(dlType >> 8);
                v[1] = (byte)dlType;
                FieldAccess.SetExact(ref match, FieldTable.Get(FieldId.EthType), v);
                if (nwProto != 0)
                {
                    FieldAccess.SetExact(ref match, FieldTable.Get(FieldId.IpProto), [nwProto]);
                }

                match.SetDefaultPacketType();
                return true;
            }
        }

        if (name == "eth")
        {
            match.Flow.SetU32(FlowLayout.PacketType, 0);
            match.Wildcards.Masks.SetU32(FlowLayout.PacketType, uint.MaxValue);
            return true;
        }

        FieldInfo? field = FieldTable.FromName(name);
        if (field is not null)
        {
            error = ApplyField(field, value, ref match, ref usable);
            return true;
        }

        if (name.Contains('[', StringComparison.Ordinal))
        {
            error = ApplySubfield(name, value, ref match, ref usable);
            return true;
        }

        return false;
    }

    /// <summary>"reg0[0..3]=5": sets just those bits of the field, keeping the rest of its value and mask.</summary>
    public static string? ApplySubfield(string name, string value, ref Match match, ref ProtocolSet usable)
    {
        string? error = Subfield.TryParse(name, out Subfield sf);
        if (error is not null)
        {
            return error;
        }

        FieldInfo field = sf.Field;
        Span<byte> parsed = stackalloc byte[128];
        parsed = parsed[..field.Size];
        if (FieldParser.ParseIntString(value, 0, parsed, out int tail) != 0 || tail != value.Length)
        {
            return $"{name}: cannot parse integer value: {value}";
        }

        if (!Subfield.AreBitsZero(parsed, sf.Bits, (field.Size * 8) - sf.Bits))
        {
            return $"{name}: value {FieldFormatter.Format(field, parsed)} does not fit into {sf.Bits} bits";
        }

        if (!FieldAccess.IsStored(field))
        {
            return $"{field.Name}: tunnel metadata fields need a TLV mapping, which is not supported yet";
        }

        Span<byte> v = stackalloc byte[128];
        Span<byte> m = stackalloc byte[128];
        v = v[..field.Size];
        m = m[..field.Size];
        FieldAccess.GetValue(in match, field, v);
        FieldAccess.GetMask(in match, field, m);
        Subfield.CopyBits(parsed, 0, v, sf.Offset, sf.Bits);
        Subfield.SetBits(m, sf.Offset, sf.Bits);
        usable &= FieldAccess.Set(ref match, field, v, m);
        if (field.Prereq != FieldPrereq.None)
        {
            match.SetDefaultPacketType();
        }

        return null;
    }

    /// <summary>
    /// The protocol restrictions that come from combinations of fields rather than single fields: only NXM and
    /// OXM can match L3/L4 fields within IPv6.
    /// </summary>
    public static ProtocolSet FinishUsableProtocols(in Match match, ProtocolSet usable)
    {
        ref readonly FlowData m = ref match.Wildcards.Masks;
        if (match.Flow.U16(FlowLayout.DlType) == EthType.Ipv6
            && (m.U8(FlowLayout.NwProto) != 0 || m.U8(FlowLayout.NwTos) != 0 || m.U16(FlowLayout.TpSrc) != 0 || m.U16(FlowLayout.TpDst) != 0))
        {
            usable &= ProtocolSet.NxmOxmAny;
        }

        return usable;
    }

    /// <summary>ofp_parse_field: parses value for field and sets it; an empty value means "0/0".</summary>
    public static string? ApplyField(FieldInfo field, string value, ref Match match, ref ProtocolSet usable)
    {
        if (value.Length == 0)
        {
            value = "0/0";
        }

        Span<byte> v = stackalloc byte[128];
        Span<byte> m = stackalloc byte[128];
        string? error = FieldParser.Parse(field, value, v, m);
        if (error is not null)
        {
            return error;
        }

        if (FieldAccess.IsTunMetadata(field))
        {
            // mf_set: an all-ones mask is an exact match; any other mask, even all-zeros (which matches on the
            // option's presence), is kept as a mask.
            bool exact = !m[..field.Size].ContainsAnyExcept((byte)0xff);
            error = FieldAccess.SetTunMetadata(ref match, field, v[..field.Size], exact ? default : m[..field.Size]);
            usable &= exact ? field.UsableExact : field.UsableBitwise;
            return error;
        }

        usable &= FieldAccess.Set(ref match, field, v[..field.Size], m[..field.Size]);
        if (field.Prereq != FieldPrereq.None)
        {
            match.SetDefaultPacketType();
        }

        return null;
    }

    /// <summary>
    /// ofputil_parse_key_value: the next "key", "key=value", "key:value" or "key(value)" of a comma or space
    /// separated list, starting at position; false at the end.
    /// </summary>
    public static bool TryNextKeyValue(string s, ref int position, out string key, out string value)
    {
        int i = position;
        while (i < s.Length && s[i] is ',' or ' ' or '\t' or '\r' or '\n')
        {
            i++;
        }

        if (i >= s.Length)
        {
            position = i;
            key = value = string.Empty;
            return false;
        }

        int keyStart = i;
        while (i < s.Length && s[i] is not (':' or '=' or '(' or ',' or ' ' or '\t' or '\r' or '\n'))
        {
            i++;
        }

        key = s[keyStart..i];
        char delimiter = i < s.Length ? s[i] : '\0';
        if (i < s.Length)
        {
            i++;
        }

        string delimiters;
        if (delimiter is ':' or '=')
        {
            delimiters = ", \t\r\n";
        }
        else if (delimiter == '(')
        {
            delimiters = ")";
        }
        else
        {
            value = string.Empty;
            position = i;
            return true;
        }

        int valueStart = i;
        int length = ValueLength(s, valueStart, delimiters);
        if (delimiter == '(' && valueStart + length + 2 < s.Length && s[valueStart + length] == ')' && s[valueStart + length + 1] == '-' && s[valueStart + length + 2] == '>')
        {
            length += ValueLength(s, valueStart + length, ", \t\r\n");
        }

        value = s.Substring(valueStart, length);
        position = valueStart + length + (valueStart + length < s.Length ? 1 : 0);
        return true;
    }

    private static int ValueLength(string s, int start, string delimiters)
    {
        int n = start;
        while (n < s.Length && !delimiters.Contains(s[n], StringComparison.Ordinal))
        {
            if (s[n] == '(')
            {
                int level = 0;
                do
                {
                    if (n >= s.Length)
                    {
                        return n - start;
                    }

                    if (s[n] == '(')
                    {
                        level++;
                    }
                    else if (s[n] == ')')
                    {
                        level--;
                    }

                    n++;
                }
                while (level > 0);
            }
            else
            {
                n++;
            }
        }

        return n - start;
    }
}
