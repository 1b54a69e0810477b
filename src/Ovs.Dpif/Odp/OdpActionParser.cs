// Upstream: odp_actions_from_string() and parse_odp_action() in lib/odp-util.c (OVS 3.1).
// Parses the action syntax that dump-flows prints into OVS_ACTION_ATTR_* attributes. Each action is tried in
// upstream's order (a bare number is output; then lb_output, trunc, recirc, userspace, set, push_vlan, pop_vlan,
// meter, sample, clone, pop_nsh, tnl_pop, ct_clear, check_pkt_len, ct, add_mpls) and must be followed by a
// delimiter or the end. The whole string "drop" is the explicit drop action. Upstream reports every failure as
// EINVAL without a message, so Parse only says whether it worked. Not parsed (as in upstream's text syntax, which
// cannot read them back): push_mpls, pop_mpls, hash, push_eth, pop_eth, and recirc with a hexadecimal id. Not yet
// parsed here although upstream reads them: tnl_push with ERSPAN headers.
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;

namespace Ovs.Dpif.Odp;

internal static partial class OdpActionParser
{
    private const int MaxNesting = 32;

    /// <summary>
    /// Appends the actions in text; on failure returns false and leaves actions as it was. A name in
    /// <paramref name="portNames"/> stands for an output to its port.
    /// </summary>
    public static bool Parse(ReadOnlySpan<char> text, ref NlWriter actions, IReadOnlyDictionary<string, uint>? portNames = null)
    {
        if (text.Equals("drop", StringComparison.OrdinalIgnoreCase))
        {
            actions.PutU32(OdpActionAttr.Drop, 0);
            return !actions.Overflowed;
        }

        int start = actions.Length;
        var s = new OdpScanner(text) { PortNames = portNames };
        while (true)
        {
            s.SkipDelimiters();
            if (s.AtEnd)
            {
                return true;
            }

            if (!ParseAction(ref s, ref actions, 0) || actions.Overflowed || !(s.AtEnd || IsDelimiter(s.Peek)))
            {
                actions.Truncate(start);
                return false;
            }
        }
    }

    private static bool IsDelimiter(char c) => c is ',' or ' ' or '\t' or '\r' or '\n';

    /// <summary>parse_action_list: actions up to (not including) the next ')' at this level.</summary>
    private static bool ParseList(ref OdpScanner s, ref NlWriter actions, int depth)
    {
        while (true)
        {
            s.SkipDelimiters();
            if (s.Peek == ')' && !s.AtEnd)
            {
                return true;
            }

            if (!ParseAction(ref s, ref actions, depth + 1) || actions.Overflowed)
            {
                return false;
            }
        }
    }

    private static bool ParseAction(ref OdpScanner s, ref NlWriter actions, int depth)
    {
        if (depth >= MaxNesting)
        {
            return false;
        }

        int save = s.Position;
        if (s.ScanInt(out ulong port))
        {
            actions.PutU32(OdpActionAttr.Output, (uint)port);
            return true;
        }

        if (TryU32Call(ref s, "lb_output(", decimalOnly: true, out uint bond))
        {
            actions.PutU32(OdpActionAttr.LbOutput, bond);
            return true;
        }

        if (TryU32Call(ref s, "trunc(", decimalOnly: false, out uint maxLen))
        {
            actions.PutU32(OdpActionAttr.Trunc, maxLen);
            return true;
        }

        if (s.PortNames is { } names)
        {
            ReadOnlySpan<char> rest = s.Rest;
            int length = rest.IndexOfAny(", \t\r\n");
            string word = (length < 0 ? rest : rest[..length]).ToString();
            if (names.TryGetValue(word, out uint named))
            {
                actions.PutU32(OdpActionAttr.Output, named);
                s.Position += word.Length;
                return true;
            }
        }

        if (TryU32Call(ref s, "recirc(", decimalOnly: true, out uint recirc))
        {
            actions.PutU32(OdpActionAttr.Recirc, recirc);
            return true;
        }

        if (s.Rest.StartsWith("userspace(", StringComparison.Ordinal))
        {
            return ParseUserspace(ref s, ref actions);
        }

        if (s.Take("set("))
        {
            return ParseSet(ref s, ref actions);
        }

        if (TryPushVlan(ref s, ref actions, out bool pushVlanOk))
        {
            return pushVlanOk;
        }

        if (s.Take("pop_vlan"))
        {
            actions.PutFlag(OdpActionAttr.PopVlan);
            return true;
        }

        if (TryU32Call(ref s, "meter(", decimalOnly: false, out uint meter))
        {
            actions.PutU32(OdpActionAttr.Meter, meter);
            return true;
        }

        if (s.Take("sample(sample="))
        {
            if (s.ScanDouble(out double percentage) && s.Take("%,actions(") && percentage >= 0 && percentage <= 100)
            {
                double probability = Math.Floor((uint.MaxValue * (percentage / 100.0)) + .5);
                int sample = actions.BeginNested(OdpActionAttr.Sample);
                actions.PutU32(OdpSampleAttr.Probability, probability <= 0 ? 0 : probability >= uint.MaxValue ? uint.MaxValue : (uint)probability);
                int list = actions.BeginNested(OdpSampleAttr.Actions);
                if (!ParseList(ref s, ref actions, depth))
                {
                    return false;
                }

                actions.EndNested(list);
                actions.EndNested(sample);
                return s.Take("))");
            }

            s.Position = save;
        }

        if (s.Take("clone("))
        {
            int clone = actions.BeginNested(OdpActionAttr.Clone);
            if (!ParseList(ref s, ref actions, depth))
            {
                return false;
            }

            actions.EndNested(clone);
            s.Position++;
            return true;
        }

        if (s.Rest.StartsWith("push_nsh(", StringComparison.Ordinal))
        {
            return PushNshAction.Parse(ref s, ref actions);
        }

        if (s.Take("pop_nsh()"))
        {
            actions.PutFlag(OdpActionAttr.PopNsh);
            return true;
        }

        if (TryU32Call(ref s, "tnl_pop(", decimalOnly: false, out uint tnlPort))
        {
            actions.PutU32(OdpActionAttr.TunnelPop, tnlPort);
            return true;
        }

        if (s.Take("ct_clear"))
        {
            actions.PutFlag(OdpActionAttr.CtClear);
            return true;
        }

        if (s.Take("check_pkt_len(size="))
        {
            return ParseCheckPktLen(ref s, ref actions, depth);
        }

        if (s.Rest.StartsWith("ct", StringComparison.Ordinal))
        {
            return ParseConntrack(ref s, ref actions);
        }

        if (s.Take("add_mpls(label="))
        {
            return ParseAddMpls(ref s, ref actions);
        }

        if (s.Rest.StartsWith("tnl_push(", StringComparison.Ordinal))
        {
            return TunnelPushHeader.Parse(ref s, ref actions);
        }

        return false;
    }

    /// <summary>"name(N)" with N scanned as %u (decimalOnly) or %i; consumes nothing when it does not match.</summary>
    private static bool TryU32Call(ref OdpScanner s, string name, bool decimalOnly, out uint value)
    {
        int save = s.Position;
        value = 0;
        if (!s.Take(name))
        {
            return false;
        }

        ulong v;
        bool ok = decimalOnly ? s.ScanDecimal(out v) : s.ScanInt(out v);
        if (ok && s.Take(')'))
        {
            value = (uint)v;
            return true;
        }

        s.Position = save;
        return false;
    }

    private static bool ParseSet(ref OdpScanner s, ref NlWriter actions)
    {
        Span<byte> keyBuffer = stackalloc byte[1024];
        Span<byte> maskBuffer = stackalloc byte[1024];
        var key = new NlWriter(keyBuffer);
        var mask = new NlWriter(maskBuffer);
        scoped var scanner = new OdpScanner(s.Whole, s.Position);
        bool parsed = OdpKeyParser.ParseOne(ref scanner, ref key, ref mask);
        s.Position = scanner.Position;
        if (!parsed || key.Overflowed || mask.Overflowed || !s.Take(')'))
        {
            return false;
        }

        var keyReader = new NlAttrReader(key.Written);
        var maskReader = new NlAttrReader(mask.Written);
        if (!keyReader.MoveNext() || !maskReader.MoveNext())
        {
            return false;
        }

        NlAttr k = keyReader.Current;
        NlAttr m = maskReader.Current;
        bool masked = m.Size == k.Size && m.Payload.ContainsAnyExcept((byte)0xff);
        int set = actions.BeginNested(masked ? OdpActionAttr.SetMasked : OdpActionAttr.Set);
        if (masked)
        {
            // A partially masked set becomes set_masked: the key's payload followed by the mask's.
            Span<byte> p = actions.Put(k.Type, k.Size * 2);
            if (!p.IsEmpty)
            {
                k.Payload.CopyTo(p);
                m.Payload.CopyTo(p[k.Size..]);
            }
        }
        else
        {
            actions.PutBytes(k.Type, k.Payload);
        }

        actions.EndNested(set);
        return true;
    }

    private static bool TryPushVlan(ref OdpScanner s, ref NlWriter actions, out bool ok)
    {
        ok = false;
        int save = s.Position;
        if (!s.Take("push_vlan("))
        {
            return false;
        }

        ulong tpid = 0x8100, cfi = 1;
        int afterName = s.Position;
        bool matched = false;
        if (s.Take("tpid=") && s.ScanInt(out tpid) && s.Take(','))
        {
            afterName = s.Position;
        }
        else
        {
            tpid = 0x8100;
            s.Position = afterName;
        }

        if (s.Take("vid=") && s.ScanInt(out ulong vid) && s.Take(",pcp=") && s.ScanInt(out ulong pcp))
        {
            if (s.Take(')'))
            {
                matched = true;
            }
            else if (s.Take(",cfi=") && s.ScanInt(out cfi) && s.Take(')'))
            {
                matched = true;
            }

            if (matched)
            {
                if ((vid & ~0xfffUL) != 0 || (pcp & ~7UL) != 0)
                {
                    return true;
                }

                Span<byte> p = actions.Put(OdpActionAttr.PushVlan, 4);
                if (!p.IsEmpty)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(p, (ushort)tpid);
                    BinaryPrimitives.WriteUInt16BigEndian(p[2..], (ushort)(vid | (pcp << 13) | (cfi != 0 ? 0x1000UL : 0)));
                }

                ok = true;
                return true;
            }
        }

        s.Position = save;
        return false;
    }

    private static bool ParseCheckPktLen(ref OdpScanner s, ref NlWriter actions, int depth)
    {
        if (!s.ScanInt(out ulong size) || !s.Take(",gt("))
        {
            return false;
        }

        int cpl = actions.BeginNested(OdpActionAttr.CheckPktLen);
        actions.PutU16(OdpCheckPktLenAttr.PktLen, (ushort)size);
        if (!ParseBranch(ref s, ref actions, OdpCheckPktLenAttr.ActionsIfGreater, depth) || !s.Take("),le("))
        {
            return false;
        }

        if (!ParseBranch(ref s, ref actions, OdpCheckPktLenAttr.ActionsIfLessEqual, depth))
        {
            return false;
        }

        actions.EndNested(cpl);
        return s.Take("))");
    }

    private static bool ParseBranch(ref OdpScanner s, ref NlWriter actions, ushort type, int depth)
    {
        int branch = actions.BeginNested(type);
        if (s.Rest.StartsWith("drop", StringComparison.OrdinalIgnoreCase))
        {
            s.Position += 4;
        }
        else if (!ParseList(ref s, ref actions, depth))
        {
            return false;
        }

        actions.EndNested(branch);
        return true;
    }

    private static bool ParseAddMpls(ref OdpScanner s, ref NlWriter actions)
    {
        if (!s.ScanInt(out ulong label) || !s.Take(",tc=") || !s.ScanDecimal(out ulong tc) || !s.Take(",ttl=")
            || !s.ScanDecimal(out ulong ttl) || !s.Take(",bos=") || !s.ScanDecimal(out ulong bos) || !s.Take(",eth_type=0x")
            || !s.ScanHex(out ulong ethType) || !s.Take(')'))
        {
            return false;
        }

        Span<byte> p = actions.Put(OdpActionAttr.AddMpls, 8);
        if (!p.IsEmpty)
        {
            uint lse = (uint)((label << 12) | ((tc & 0xff) << 9) | (ttl & 0xff) | ((bos & 0xff) << 8));
            BinaryPrimitives.WriteUInt32BigEndian(p, lse);
            BinaryPrimitives.WriteUInt16BigEndian(p[4..], (ushort)ethType);
        }

        return true;
    }
}
