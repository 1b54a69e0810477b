// Upstream: ofpacts_parse_actions(), ofpacts_parse_instructions(), ofpacts_parse__() and the parse_*() functions
// of lib/ofp-actions.c, bundle_parse() of lib/bundle.c, multipath_parse() of lib/multipath.c (OVS 3.1);
// ovs-actions(7) for the syntax.
//
// ovs-actions(7) text to the version-independent list. Errors are upstream's texts (ovs-ofctl prints them after
// "ovs-ofctl: "). The list is verified as upstream does (nesting rules, instruction order).
using System.Globalization;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionParser
{
    private const int MaxDepth = 100;

    // Where instructions are not allowed (action lists, nested lists), meter is still accepted: OpenFlow 1.5 made
    // it an action.
    private static readonly uint s_actionList = ActionDecoder.ApplyActionsOnly | ActionDecoder.InstructionBit(OfpActKind.Meter);

    private readonly IReadOnlyDictionary<string, ushort>? _portNames;
    private readonly OfpWarningSink? _warn;
    private int _depth;

    // The bytes the actions parsed so far take in upstream's buffer (see ActionFootprint).
    private int _bytes;

    private ActionParser(IReadOnlyDictionary<string, ushort>? portNames, OfpWarningSink? warn)
    {
        _portNames = portNames;
        _warn = warn;
    }

    /// <summary>Parses instructions (any instruction allowed, as in a flow's "actions=").</summary>
    public static string? ParseInstructions(
        string text, out List<OfpAct> actions, IReadOnlyDictionary<string, ushort>? portNames = null, OfpWarningSink? warn = null) =>
        Parse(text, ActionDecoder.AllInstructions, portNames, warn, out actions);

    /// <summary>Parses a plain action list (packet_out, group buckets): instructions are refused.</summary>
    public static string? ParseActions(string text, out List<OfpAct> actions, IReadOnlyDictionary<string, ushort>? portNames = null) =>
        Parse(text, s_actionList, portNames, null, out actions);

    private static string? Parse(
        string text, uint allowed, IReadOnlyDictionary<string, ushort>? portNames, OfpWarningSink? warn, out List<OfpAct> actions)
    {
        var parser = new ActionParser(portNames, warn);
        actions = [];
        string? error = parser.ParseList(text, actions, allowed, null);
        if (error is not null)
        {
            actions = [];
        }

        return error;
    }

    private string? ParseList(string text, List<OfpAct> output, uint allowed, OfpActKind? outer)
    {
        if (++_depth > MaxDepth)
        {
            _depth--;
            return "Action nested too deeply";
        }

        try
        {
            if (outer is { } container)
            {
                _bytes += ActionFootprint.Header(container);
            }

            int position = 0;
            bool drop = false;
            while (KeyValueParser.TryNext(text, ref position, out string key, out string value))
            {
                if (key == "drop")
                {
                    drop = true;
                    continue;
                }

                if (key == "apply_actions")
                {
                    return "apply_actions is the default instruction";
                }

                int bytesBefore = _bytes, countBefore = output.Count;
                string? error = ParseOne(key, value, output);
                if (error is not null)
                {
                    return error;
                }

                _bytes = bytesBefore;
                for (int i = countBefore; i < output.Count; i++)
                {
                    _bytes += ActionFootprint.Of(output[i]);
                }

                if (_bytes > ActionFootprint.Limit)
                {
                    return "input too big";
                }
            }

            if (drop && output.Count > 0)
            {
                return "\"drop\" must not be accompanied by any other action or instruction";
            }

            return Verify(output, allowed, outer);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>ofpacts_verify() with upstream's texts instead of log lines.</summary>
    private static string? Verify(List<OfpAct> actions, uint allowed, OfpActKind? outer)
    {
        OfpActKind? slot = null;
        foreach (OfpAct a in actions)
        {
            string? nested = ActionDecoder.VerifyNested(a, outer, out _);
            if (nested is not null)
            {
                return nested;
            }

            if (a is ConjunctionAct)
            {
                foreach (OfpAct other in actions)
                {
                    if (other.Kind is not OfpActKind.Conjunction and not OfpActKind.Note)
                    {
                        return $"\"conjunction\" actions may be used along with \"note\" but not any other kind of action (such as the \"{other.Kind.Name()}\" action used here)";
                    }
                }
            }

            OfpActKind next = a.Kind.InstructionSlot();
            if (slot is { } current && (current == OfpActKind.Output ? next.InstructionRank() < current.InstructionRank() : next.InstructionRank() <= current.InstructionRank()))
            {
                return next == current
                    ? $"duplicate {current.InstructionName()} instruction not allowed, for OpenFlow 1.1+ compatibility"
                    : $"invalid instruction ordering: {next.InstructionName()} must appear before {current.InstructionName()}, for OpenFlow 1.1+ compatibility";
            }

            if ((allowed & ActionDecoder.InstructionBit(next)) == 0)
            {
                return $"{next.InstructionName()} instruction not allowed here";
            }

            slot = next;
        }

        return null;
    }

    private bool TryPort(string s, out ushort port)
    {
        if (_portNames is not null && _portNames.TryGetValue(s, out port))
        {
            return true;
        }

        // ofputil_port_from_string() explains why a number is refused or will change meaning.
        if (s.StartsWith('-'))
        {
            _warn?.Invoke("ofp_port", OfpLogLevel.WarnUnlimited, $"Negative value {s} is not a valid port number.");
        }
        else if (uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out uint number))
        {
            if (number is >= 0xff00 and < 0xfff7)
            {
                _warn?.Invoke("ofp_port", OfpLogLevel.WarnUnlimited, string.Create(CultureInfo.InvariantCulture,
                    $"port {number} is a reserved OF1.0 port number that will be translated to {number + 0xffff0000u} when talking to an OF1.1 or later controller"));
            }
            else if (number is > 0xffff and < 0xffffff00)
            {
                _warn?.Invoke("ofp_port", OfpLogLevel.WarnUnlimited, string.Create(CultureInfo.InvariantCulture,
                    $"port {number} is outside the supported range 0 through ffff or 0xffffff00 through 0xffffffff"));
            }
        }

        return OfpPortText.TryParse(s, out port);
    }

    private string? ParseOne(string key, string value, List<OfpAct> output)
    {
        string name = key.ToLowerInvariant();
        switch (name)
        {
            case "output":
                return ParseOutput(value, output);
            case "group":
                return Add(output, StrToU32(value, out uint group), new GroupAct(group));
            case "controller":
                return ParseController(value, output);
            case "enqueue":
                return ParseEnqueue(value, output);
            case "bundle":
                return ParseBundle(value, load: false, output);
            case "bundle_load":
                return ParseBundle(value, load: true, output);
            case "set_field":
                return ParseSetField(value, output);
            case "load":
                return ParseLoad(value, output);
            case "move":
                return ParseMove(value, output);
            case "mod_vlan_vid" or "set_vlan_vid":
                {
                    string? e = StrToU16(value, "VLAN VID", out ushort vid);
                    return e ?? ((vid & ~0xfff) != 0 ? $"{value}: not a valid VLAN VID" : Add(output, null, new SetVlanVidAct(vid, name == "mod_vlan_vid")));
                }

            case "mod_vlan_pcp" or "set_vlan_pcp":
                {
                    string? e = StrToU8(value, "VLAN PCP", out byte pcp);
                    return e ?? ((pcp & ~7) != 0 ? $"{value}: not a valid VLAN PCP" : Add(output, null, new SetVlanPcpAct(pcp, name == "mod_vlan_pcp")));
                }

            case "strip_vlan":
                return Add(output, null, new StripVlanAct(ofp10: true));
            case "pop_vlan":
                return Add(output, null, new StripVlanAct(ofp10: false));
            case "push_vlan":
                {
                    string? e = StrToU16(value, "ethertype", out ushort ethertype);
                    return e ?? (ethertype is not 0x8100 and not 0x88a8 ? $"{value}: not a valid VLAN ethertype" : Add(output, null, new PushVlanAct(ethertype)));
                }

            case "mod_dl_src" or "mod_dl_dst":
                return EthAddr.TryParse(value, out EthAddr mac)
                    ? Add(output, null, new SetEthAct(name == "mod_dl_dst", mac))
                    : $"invalid mac address {value}";
            case "mod_nw_src" or "mod_nw_dst":
                return Ipv4Text.TryParse(value, out uint ip)
                    ? Add(output, null, new SetIpv4Act(name == "mod_nw_dst", ip))
                    : $"{value}: could not convert to IP address";
            case "mod_nw_tos":
                {
                    string? e = StrToU8(value, "TOS", out byte tos);
                    return e ?? ((tos & ~0xfc) != 0 ? $"{value}: not a valid TOS" : Add(output, null, new SetIpByteAct(OfpActKind.SetIpDscp, tos)));
                }

            case "mod_nw_ecn":
                {
                    string? e = StrToU8(value, "ECN", out byte ecn);
                    return e ?? ((ecn & ~3) != 0 ? $"{value}: not a valid ECN" : Add(output, null, new SetIpByteAct(OfpActKind.SetIpEcn, ecn)));
                }

            case "mod_nw_ttl":
                {
                    string? e = StrToU8(value, "TTL", out byte ttl);
                    return e ?? Add(output, null, new SetIpByteAct(OfpActKind.SetIpTtl, ttl));
                }

            case "mod_tp_src" or "mod_tp_dst":
                {
                    string? e = StrToU16(value, name == "mod_tp_src" ? "source port" : "destination port", out ushort port);
                    return e ?? Add(output, null, new SetL4PortAct(name == "mod_tp_dst", port));
                }

            case "push" or "pop":
                {
                    // nxm_parse_stack_action: one subfield, then nothing (what follows it is named in the error).
                    int end = 0;
                    string? e = Subfield.TryParsePrefix(value, ref end, out Subfield sf);
                    e ??= end < value.Length ? $"{value[end..]}: trailing garbage following push or pop" : null;
                    return e ?? Add(output, null, new StackAct(name == "push", sf));
                }

            case "dec_ttl":
                return ParseDecTtl(value, output);
            case "set_mpls_label":
                {
                    if (value.Length == 0)
                    {
                        return "set_mpls_label: expected label.";
                    }

                    string? e = StrToU32(value, out uint label);
                    return e ?? ((label & ~0xfffffu) != 0 ? $"{value}: not a valid MPLS label" : Add(output, null, new SetMplsAct(OfpActKind.SetMplsLabel, label)));
                }

            case "set_mpls_tc":
                {
                    if (value.Length == 0)
                    {
                        return "set_mpls_tc: expected tc.";
                    }

                    string? e = StrToU8(value, "MPLS TC", out byte tc);
                    return e ?? ((tc & ~7) != 0 ? $"{value}: not a valid MPLS TC" : Add(output, null, new SetMplsAct(OfpActKind.SetMplsTc, tc)));
                }

            case "set_mpls_ttl":
                {
                    if (value.Length == 0)
                    {
                        return "set_mpls_ttl: expected ttl.";
                    }

                    string? e = StrToU8(value, "MPLS TTL", out byte ttl);
                    return e ?? Add(output, null, new SetMplsAct(OfpActKind.SetMplsTtl, ttl));
                }

            case "dec_mpls_ttl":
                return Add(output, null, new SimpleAct(OfpActKind.DecMplsTtl));
            case "push_mpls":
                {
                    string? e = StrToU16(value, "push_mpls", out ushort ethertype);
                    return e ?? (ethertype is not 0x8847 and not 0x8848 ? $"{value}: not a valid MPLS ethertype" : Add(output, null, new MplsEthertypeAct(push: true, ethertype)));
                }

            case "pop_mpls":
                {
                    string? e = StrToU16(value, "pop_mpls", out ushort ethertype);
                    return e ?? Add(output, null, new MplsEthertypeAct(push: false, ethertype));
                }

            case "dec_nsh_ttl":
                return Add(output, null, new SimpleAct(OfpActKind.DecNshTtl));
            case "delete_field":
                {
                    FieldInfo? field = FieldTable.FromName(value);
                    return field is null ? $"{value} is not a valid OXM field name" : Add(output, null, new DeleteFieldAct(field));
                }

            case "set_tunnel" or "set_tunnel64":
                return Add(output, StrToU64(value, out ulong tunnel), new SetTunnelAct(tunnel, name == "set_tunnel64"));
            case "set_queue":
                return Add(output, StrToU32(value, out uint queue), new SetQueueAct(queue));
            case "pop_queue":
                return Add(output, null, new SimpleAct(OfpActKind.PopQueue));
            case "fin_timeout":
                return ParseFinTimeout(value, output);
            case "resubmit":
                return ParseResubmit(value, output);
            case "conjunction":
                return ParseConjunction(value, output);
            case "multipath":
                return ParseMultipath(value, output);
            case "note":
                return ParseNote(value, output);
            case "exit":
                return Add(output, null, new SimpleAct(OfpActKind.Exit));
            case "sample":
                return ParseSample(value, output);
            case "ct":
                return ParseCt(value, output);
            case "ct_clear":
                return Add(output, null, new SimpleAct(OfpActKind.CtClear));
            case "nat":
                return ParseNat(value, output);
            case "clone":
                {
                    var nested = new List<OfpAct>();
                    string? e = ParseList(value, nested, s_actionList, OfpActKind.Clone);
                    return e ?? Add(output, null, new NestedAct(OfpActKind.Clone, nested));
                }

            case "check_pkt_larger":
                return ParseCheckPktLarger(value, output);
            case "encap":
                return ParseEncap(value, output);
            case "decap":
                return ParseDecap(value, output);
            case "learn":
                return ParseLearn(value, output);
            case "unroll_xlate":
                return "UNROLL is an internal action that shouldn't be used via OpenFlow";
            case "debug_recirc":
                return Add(output, null, new SimpleAct(OfpActKind.DebugRecirc));
            case "debug_slow":
                return Add(output, null, new SimpleAct(OfpActKind.DebugSlow));
            case "meter":
                return Add(output, StrToU32(value, out uint meter), new MeterAct(meter));
            case "clear_actions":
                return Add(output, null, new SimpleAct(OfpActKind.ClearActions));
            case "write_actions":
                {
                    var nested = new List<OfpAct>();
                    string? e = ParseList(value, nested, s_actionList, OfpActKind.WriteActions);
                    return e ?? Add(output, null, new NestedAct(OfpActKind.WriteActions, nested));
                }

            case "write_metadata":
                return ParseWriteMetadata(value, output);
            case "goto_table":
                return byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out byte table)
                    ? Add(output, null, new GotoTableAct(table))
                    : $"unknown table \"{value}\"";
            default:
                if (value.Length == 0 && TryPort(key, out ushort outPort))
                {
                    output.Add(new OutputAct(outPort, outPort == OfpPorts.Controller ? ushort.MaxValue : (ushort)0));
                    return null;
                }

                return $"unknown action {key}";
        }
    }

    private static string? Add(List<OfpAct> output, string? error, OfpAct act)
    {
        if (error is null)
        {
            output.Add(act);
        }

        return error;
    }

    // --- numbers, as upstream's str_to_u8/u16/u32/u64 ---
    /// <summary>str_to_u64(): strtoull() rules, so a leading '-' negates in 64 bits ("-1" is all ones).</summary>
    internal static string? StrToU64(string s, out ulong value)
    {
        if (s.Length > 1 && s[0] == '-' && TryStrToULong(s[1..], out ulong magnitude))
        {
            value = unchecked(0 - magnitude);
            return null;
        }

        return TryStrToULong(s, out value) ? null : $"invalid numeric format {s}";
    }

    internal static string? StrToU32(string s, out uint value)
    {
        value = 0;
        if (!TryStrToULong(s, out ulong v) || v > uint.MaxValue)
        {
            return $"invalid numeric format {s}";
        }

        value = (uint)v;
        return null;
    }

    internal static string? StrToU16(string s, string what, out ushort value)
    {
        value = 0;
        if (!TryStrToULong(s, out ulong v) || v > ushort.MaxValue)
        {
            return $"invalid {what} \"{s}\"";
        }

        value = (ushort)v;
        return null;
    }

    internal static string? StrToU8(string s, string what, out byte value)
    {
        value = 0;
        if (!TryStrToULong(s, out ulong v) || v > byte.MaxValue)
        {
            return $"invalid {what} \"{s}\"";
        }

        value = (byte)v;
        return null;
    }

    /// <summary>C's strtoull(s, &amp;end, 0) requiring the whole string: decimal, 0x hex or 0 octal.</summary>
    internal static bool TryStrToULong(string s, out ulong value)
    {
        value = 0;
        string t = s.Trim();
        if (t.Length == 0 || t[0] == '-')
        {
            return false;
        }

        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return t.Length > 2 && ulong.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (t.Length > 1 && t[0] == '0')
        {
            ulong v = 0;
            foreach (char c in t)
            {
                if (c is < '0' or > '7' || v > (ulong.MaxValue >> 3))
                {
                    return false;
                }

                v = (v << 3) | (uint)(c - '0');
            }

            value = v;
            return true;
        }

        return ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
