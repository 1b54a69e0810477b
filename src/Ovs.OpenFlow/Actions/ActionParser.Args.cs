// Upstream: the parse_*() functions of lib/ofp-actions.c, bundle_parse() of lib/bundle.c, multipath_parse() of
// lib/multipath.c, nxm_parse_reg_move() and the load parsing of lib/nx-match.c (OVS 3.1)
using System.Globalization;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionParser
{
    private string? ParseOutput(string arg, List<OfpAct> output)
    {
        if (arg.Contains("port", StringComparison.Ordinal) && arg.Contains("max_len", StringComparison.Ordinal))
        {
            ushort port = 0;
            uint maxLen = 0;
            int position = 0;
            while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
            {
                if (key == "port")
                {
                    if (!TryPort(value, out port))
                    {
                        return $"output to unknown truncate port: {value}";
                    }

                    if (port >= OfpPorts.Max && port is not OfpPorts.Local and not OfpPorts.InPort)
                    {
                        return $"output to unsupported truncate port: {value}";
                    }
                }
                else if (key == "max_len")
                {
                    string? e = StrToU32(value, out maxLen);
                    if (e is not null)
                    {
                        return e;
                    }

                    if (maxLen < 14)
                    {
                        return $"max_len {maxLen} is less than the minimum value 14";
                    }
                }
                else
                {
                    return $"invalid key '{key}' in output_trunc argument";
                }
            }

            output.Add(new OutputTruncAct(port, maxLen));
            return null;
        }

        if (arg.Contains('[', StringComparison.Ordinal))
        {
            string? e = Subfield.TryParse(arg, out Subfield src);
            return e ?? Add(output, null, new OutputRegAct(src, ushort.MaxValue, extended: false));
        }

        if (!TryPort(arg, out ushort p))
        {
            return $"{arg}: output to unknown port";
        }

        output.Add(new OutputAct(p, p == OfpPorts.Controller ? ushort.MaxValue : (ushort)0));
        return null;
    }

    private static string? ParseController(string arg, List<OfpAct> output)
    {
        if (arg.Length == 0)
        {
            output.Add(new ControllerAct());
            return null;
        }

        if (arg.All(char.IsAsciiDigit))
        {
            string? e = StrToU16(arg, "max_len", out ushort maxLen);
            return e ?? Add(output, null, new ControllerAct { MaxLen = maxLen });
        }

        ushort max = ushort.MaxValue, id = 0;
        byte reason = PacketInReasons.Action;
        bool pause = false;
        uint meter = ControllerAct.NoMeter;
        byte[] userdata = [];
        int position = 0;
        while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
        {
            string? e = null;
            switch (key)
            {
                case "reason":
                    if (!PacketInReasons.TryParse(value, out reason))
                    {
                        return $"unknown reason \"{value}\"";
                    }

                    break;
                case "max_len":
                    e = StrToU16(value, "max_len", out max);
                    break;
                case "id":
                    e = StrToU16(value, "id", out id);
                    break;
                case "userdata":
                    if (!TryParseHexBytes(value, out userdata))
                    {
                        return "bad hex digit in `controller' action `userdata'";
                    }

                    break;
                case "pause":
                    pause = true;
                    break;
                case "meter_id":
                    e = StrToU32(value, out meter);
                    break;
                default:
                    return $"unknown key \"{key}\" parsing controller action";
            }

            if (e is not null)
            {
                return e;
            }
        }

        output.Add(new ControllerAct { MaxLen = max, ControllerId = id, Reason = reason, Pause = pause, MeterId = meter, Userdata = userdata });
        return null;
    }

    /// <summary>Hex bytes, two digits each, optionally separated by '.' (the note and userdata syntax).</summary>
    private static bool TryParseHexBytes(string s, out byte[] bytes)
    {
        var list = new List<byte>();
        int i = 0;
        bytes = [];
        while (i < s.Length)
        {
            if (s[i] == '.')
            {
                i++;
                continue;
            }

            if (i + 1 >= s.Length || !char.IsAsciiHexDigit(s[i]) || !char.IsAsciiHexDigit(s[i + 1]))
            {
                return false;
            }

            list.Add(byte.Parse(s.AsSpan(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            i += 2;
        }

        bytes = [.. list];
        return true;
    }

    private string? ParseEnqueue(string arg, List<OfpAct> output)
    {
        string[] parts = arg.Split([':', 'q', ','], 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return "\"enqueue\" syntax is \"enqueue:PORT:QUEUE\" or \"enqueue(PORT,QUEUE)\"";
        }

        if (!TryPort(parts[0], out ushort port))
        {
            return $"{parts[0]}: enqueue to unknown port";
        }

        return Add(output, StrToU32(parts[1], out uint queue), new EnqueueAct(port, queue));
    }

    private string? ParseBundle(string arg, bool load, List<OfpAct> output)
    {
        string[] tokens = arg.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
        int needed = load ? 6 : 5;
        if (tokens.Length < needed)
        {
            return $"{arg}: not enough arguments to bundle action";
        }

        string fields = tokens[0], basis = tokens[1], algorithm = tokens[2], memberType = tokens[3];
        string? dst = load ? tokens[4] : null;
        string delimiterToken = tokens[needed - 1];
        int colon = delimiterToken.IndexOf(':', StringComparison.Ordinal);
        string delimiter = colon >= 0 ? delimiterToken[..colon] : delimiterToken;
        if (!string.Equals(delimiter, "members", StringComparison.OrdinalIgnoreCase))
        {
            return $"{arg}: missing member delimiter, expected `members', got `{delimiter}'";
        }

        var memberTokens = new List<string>();
        if (colon >= 0 && colon + 1 < delimiterToken.Length)
        {
            memberTokens.Add(delimiterToken[(colon + 1)..]);
        }

        memberTokens.AddRange(tokens.Skip(needed));
        var members = new List<ushort>();
        foreach (string m in memberTokens)
        {
            if (!TryPort(m, out ushort port))
            {
                return $"{m}: bad port number";
            }

            members.Add(port);
        }

        if (!HashFields.TryParse(fields, out ushort f))
        {
            return $"{arg}: unknown fields `{fields}'";
        }

        ushort alg;
        if (string.Equals(algorithm, "active_backup", StringComparison.OrdinalIgnoreCase))
        {
            alg = BundleAct.AlgActiveBackup;
        }
        else if (string.Equals(algorithm, "hrw", StringComparison.OrdinalIgnoreCase))
        {
            alg = BundleAct.AlgHrw;
        }
        else
        {
            return $"{arg}: unknown algorithm `{algorithm}'";
        }

        if (!string.Equals(memberType, "ofport", StringComparison.OrdinalIgnoreCase))
        {
            return $"{arg}: unknown member_type `{memberType}'";
        }

        Subfield? d = null;
        if (dst is not null)
        {
            string? e = Subfield.TryParse(dst, out Subfield sf);
            if (e is not null)
            {
                return e;
            }

            if (!HasNxmHeader(sf.Field))
            {
                return $"{arg}: experimenter OXM field '{dst}' not supported";
            }

            d = sf;
        }

        output.Add(new BundleAct { Fields = f, Basis = (ushort)AtoI(basis), Algorithm = alg, Dst = d, Members = [.. members] });
        return null;
    }

    /// <summary>C's atoi() for the flow syntax: optional sign and leading digits, 0 when there are none.</summary>
    internal static int AtoI(string s)
    {
        int i = 0;
        long v = 0;
        bool neg = s.StartsWith('-');
        if (neg || s.StartsWith('+'))
        {
            i++;
        }

        while (i < s.Length && char.IsAsciiDigit(s[i]) && v < int.MaxValue)
        {
            v = (v * 10) + (s[i++] - '0');
        }

        return (int)(neg ? -v : v);
    }

    private static string? ParseDecTtl(string arg, List<OfpAct> output)
    {
        if (arg.Length == 0)
        {
            output.Add(new DecTtlAct([0], withIds: false));
            return null;
        }

        var ids = new List<ushort>();
        foreach (string s in arg.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            ids.Add((ushort)AtoI(s));
        }

        if (ids.Count == 0)
        {
            return "dec_ttl_cnt_ids: expected at least one controller id.";
        }

        output.Add(new DecTtlAct([.. ids], withIds: true));
        return null;
    }

    private static string? ParseFinTimeout(string arg, List<OfpAct> output)
    {
        ushort idle = 0, hard = 0;
        int position = 0;
        while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
        {
            string? e = key switch
            {
                "idle_timeout" => StrToU16(value, key, out idle),
                "hard_timeout" => StrToU16(value, key, out hard),
                _ => $"invalid key '{key}' in 'fin_timeout' argument",
            };
            if (e is not null)
            {
                return e;
            }
        }

        output.Add(new FinTimeoutAct(idle, hard));
        return null;
    }

    private string? ParseResubmit(string arg, List<OfpAct> output)
    {
        string inPortText, tableText = string.Empty;
        bool withCt = false;
        int comma = arg.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            string[] parts = arg.Split(',');
            inPortText = parts[0];
            tableText = parts.Length > 1 ? parts[1] : string.Empty;
            if (parts.Length > 2 && parts[2].Length > 0)
            {
                if (parts[2] != "ct")
                {
                    return $"{parts[2]}: unknown parameter";
                }

                withCt = true;
            }
        }
        else
        {
            inPortText = arg;
        }

        ushort inPort = OfpPorts.InPort;
        if (inPortText.Length > 0 && !TryPort(inPortText, out inPort))
        {
            return $"{inPortText}: resubmit to unknown port";
        }

        // Table 255 is "all tables", as if none were given.
        byte table = ResubmitAct.AllTables;
        if (tableText.Length > 0 && !byte.TryParse(tableText, NumberStyles.None, CultureInfo.InvariantCulture, out table))
        {
            return $"{tableText}: resubmit to unknown table";
        }

        if (inPort == OfpPorts.InPort && table == ResubmitAct.AllTables)
        {
            return "at least one \"in_port\" or \"table\" must be specified on resubmit";
        }

        if (withCt && table == ResubmitAct.AllTables)
        {
            return "resubmit with ct must specify a table";
        }

        output.Add(new ResubmitAct(inPort, table, withCt, tableForm: comma >= 0));
        return null;
    }

    private static string? ParseConjunction(string arg, List<OfpAct> output)
    {
        string syntax = "\"conjunction\" syntax is \"conjunction(id,i/n)\"";
        int comma = arg.IndexOf(',', StringComparison.Ordinal), slash = arg.IndexOf('/', StringComparison.Ordinal);
        if (comma < 0 || slash < comma
            || !uint.TryParse(arg.AsSpan(0, comma).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out uint id)
            || !byte.TryParse(arg.AsSpan(comma + 1, slash - comma - 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out byte clause)
            || !byte.TryParse(arg.AsSpan(slash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out byte n))
        {
            return syntax;
        }

        if (n < 2)
        {
            return "conjunction must have at least 2 clauses";
        }

        if (n > 64)
        {
            return "conjunction must have at most 64 clauses";
        }

        if (clause < 1)
        {
            return "clause index must be positive";
        }

        if (clause > n)
        {
            return "clause index must be less than or equal to number of clauses";
        }

        output.Add(new ConjunctionAct(id, (byte)(clause - 1), n));
        return null;
    }

    private static string? ParseMultipath(string arg, List<OfpAct> output)
    {
        string[] t = arg.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (t.Length < 6)
        {
            return $"{arg}: not enough arguments to multipath action";
        }

        if (!HashFields.TryParse(t[0], out ushort fields) || fields > 6)
        {
            return $"{arg}: unknown fields `{t[0]}'";
        }

        if (!MultipathAct.TryParseAlgorithm(t[2], out ushort algorithm))
        {
            return $"{arg}: unknown algorithm `{t[2]}'";
        }

        int nLinks = AtoI(t[3]);
        if (nLinks is <= 0 or > 65536)
        {
            return $"{arg}: n_links {nLinks} is not in valid range 1 to 65536";
        }

        string? e = Subfield.TryParse(t[5], out Subfield dst);
        if (e is not null)
        {
            return e;
        }

        if (!HasNxmHeader(dst.Field))
        {
            return $"{arg}: experimenter OXM field '{t[5]}' not supported";
        }

        int minBits = 0;
        while ((1L << minBits) < nLinks)
        {
            minBits++;
        }

        if (dst.Bits < minBits)
        {
            return $"{arg}: {dst.Bits}-bit destination field has {1L << dst.Bits} possible values, less than specified n_links {nLinks}";
        }

        output.Add(new MultipathAct { Fields = fields, Basis = (ushort)AtoI(t[1]), Algorithm = algorithm, MaxLink = (ushort)(nLinks - 1), Arg = (uint)AtoI(t[4]), Dst = dst });
        return null;
    }

    private static string? ParseNote(string arg, List<OfpAct> output)
    {
        if (!TryParseHexBytes(arg, out byte[] bytes))
        {
            return "bad hex digit in `note' argument";
        }

        output.Add(new NoteAct(bytes));
        return null;
    }

    private string? ParseSample(string arg, List<OfpAct> output)
    {
        ushort probability = 0, port = OfpPorts.None;
        uint collector = 0, domain = 0, point = 0;
        byte direction = 0;
        int position = 0;
        while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
        {
            string? e = null;
            switch (key)
            {
                case "probability":
                    e = StrToU16(value, key, out probability);
                    if (e is null && probability == 0)
                    {
                        return $"invalid probability value \"{value}\"";
                    }

                    break;
                case "collector_set_id":
                    e = StrToU32(value, out collector);
                    break;
                case "obs_domain_id":
                    e = StrToU32(value, out domain);
                    break;
                case "obs_point_id":
                    e = StrToU32(value, out point);
                    break;
                case "sampling_port":
                    if (!TryPort(value, out port))
                    {
                        return $"{value}: unknown port";
                    }

                    break;
                case "ingress":
                    direction = 1;
                    break;
                case "egress":
                    direction = 2;
                    break;
                default:
                    return $"invalid key \"{key}\" in \"sample\" argument";
            }

            if (e is not null)
            {
                return e;
            }
        }

        if (probability == 0)
        {
            return "non-zero \"probability\" must be specified on sample";
        }

        output.Add(new SampleAct { Probability = probability, CollectorSetId = collector, ObsDomainId = domain, ObsPointId = point, SamplingPort = port, Direction = direction });
        return null;
    }

    private string? ParseCt(string arg, List<OfpAct> output)
    {
        ushort flags = 0, zoneImm = 0, alg = 0;
        Subfield? zoneSrc = null;
        byte table = CtAct.NoRecirc;
        var nested = new List<OfpAct>();
        int position = 0;
        while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
        {
            string? e = null;
            switch (key)
            {
                case "commit":
                    flags |= CtAct.FlagCommit;
                    break;
                case "force":
                    flags |= CtAct.FlagForce;
                    break;
                case "table":
                    if (!byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out table))
                    {
                        return $"unknown table {value}";
                    }

                    if (table == 255)
                    {
                        // 255 means "no recirculation" on the wire, so it cannot be asked for.
                        return "invalid table 0xff";
                    }

                    break;
                case "zone":
                    if (value.Length > 0 && char.IsAsciiDigit(value[0]))
                    {
                        e = StrToU16(value, "zone", out zoneImm);
                    }
                    else
                    {
                        e = Subfield.TryParse(value, out Subfield z);
                        zoneSrc = z;
                    }

                    break;
                case "alg":
                    if (value == "ftp")
                    {
                        alg = 21;
                    }
                    else if (value == "tftp")
                    {
                        alg = 69;
                    }
                    else if (!ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out alg))
                    {
                        return $"invalid conntrack helper \"{value}\"";
                    }

                    break;
                case "exec":
                    e = ParseList(value, nested, s_actionList, OfpActKind.Ct);
                    break;
                case "nat":
                    {
                        var nat = new List<OfpAct>();
                        e = ParseNat(value, nat);
                        nested.InsertRange(0, nat);
                        break;
                    }

                default:
                    return $"invalid argument to \"ct\" action: `{key}'";
            }

            if (e is not null)
            {
                return e;
            }
        }

        if ((flags & CtAct.FlagForce) != 0 && (flags & CtAct.FlagCommit) == 0)
        {
            return "\"force\" flag requires \"commit\" flag.";
        }

        output.Add(new CtAct { Flags = flags, ZoneSrc = zoneSrc, ZoneImm = zoneImm, RecircTable = table, Alg = alg, Actions = nested });
        return null;
    }

    private static string? ParseCheckPktLarger(string arg, List<OfpAct> output)
    {
        int close = arg.IndexOf(")->", StringComparison.Ordinal);
        if (close < 0 || !ushort.TryParse(arg.AsSpan(0, close), NumberStyles.None, CultureInfo.InvariantCulture, out ushort length))
        {
            return "Invalid check_pkt_larger argument";
        }

        string? e = Subfield.TryParse(arg[(close + 3)..], out Subfield dst);
        if (e is not null)
        {
            return e;
        }

        if (dst.Bits != 1)
        {
            return "Only 1-bit destination field is allowed";
        }

        output.Add(new CheckPktLargerAct(length, dst));
        return null;
    }

    // encap(HEADER) or encap(HEADER(PROPERTY=VALUE,...)): the header names the new packet type and the class of
    // its properties; only NSH has property types (md_type and tlv).
    private static string? ParseEncap(string arg, List<OfpAct> output)
    {
        int position = 0;
        if (!KeyValueParser.TryNext(arg, ref position, out string header, out string properties))
        {
            return $"Missing encap hdr: {arg}";
        }

        uint packetType;
        switch (header)
        {
            case "ethernet":
                packetType = 0;
                break;
            case "nsh":
                packetType = 0x1894f;
                break;
            case "mpls":
                packetType = 0x18847;
                break;
            case "mpls_mc":
                packetType = 0x18848;
                break;
            default:
                return $"Encap hdr not supported: {properties}";
        }

        var props = new List<EncapProperty>();
        int at = 0;
        while (KeyValueParser.TryNext(properties, ref at, out string key, out string value))
        {
            if (header != "nsh" || key is not ("md_type" or "tlv"))
            {
                return $"Invalid property: {key}";
            }

            string? e = value.Length == 0 ? "Value missing for encap property" : ParseNshProperty(key, value, props);
            if (e is not null)
            {
                return e;
            }
        }

        output.Add(new EncapAct(0, packetType, props));
        return null;
    }

    private static string? ParseNshProperty(string key, string value, List<EncapProperty> props)
    {
        if (key == "md_type")
        {
            string? e = StrToU8(value, "md_type", out byte mdType);
            if (e is not null)
            {
                return e;
            }

            if (mdType is < 1 or > 2)
            {
                return "invalid md_type";
            }

            props.Add(new EncapProperty(4, 1, [mdType]));
            return null;
        }

        string[] p = value.Split(',');
        if (p.Length != 3 || !TryStrToULong(p[0], out ulong tlvClass) || !TryStrToULong(p[1], out ulong tlvType)
            || !p[2].StartsWith("0x", StringComparison.Ordinal) || !TryParseWide(p[2], out byte[] data))
        {
            return $"Invalid NSH TLV header: {value}";
        }

        props.Add(new EncapProperty(4, 2, [(byte)(tlvClass >> 8), (byte)tlvClass, (byte)tlvType, (byte)data.Length, .. data]));
        return null;
    }

    // decap or decap(packet_type(ns=NS,type=TYPE)): ns must come first, then type.
    private static string? ParseDecap(string arg, List<OfpAct> output)
    {
        int position = 0;
        if (!KeyValueParser.TryNext(arg, ref position, out string key, out string value))
        {
            output.Add(new DecapAct(0xfffe));
            return null;
        }

        if (key != "packet_type")
        {
            return $"Invalid decap argument: {key}";
        }

        int at = 0;
        if (!KeyValueParser.TryNext(value, ref at, out string nsKey, out string nsText) || nsKey != "ns")
        {
            return "Missing packet_type attribute ns";
        }

        string? e = StrToU16(nsText, "ns", out ushort ns);
        if (e is not null)
        {
            return e;
        }

        // The header type namespaces OpenFlow defines: ONF, Ethertype, IP protocol, TCP/UDP port, IPv4 option.
        if (ns >= 5)
        {
            return $"Unsupported ns value: {ns}";
        }

        if (!KeyValueParser.TryNext(value, ref at, out string typeKey, out string typeText) || typeKey != "type")
        {
            return "Missing packet_type attribute type";
        }

        e = StrToU16(typeText, "type", out ushort type);
        return e ?? Add(output, null, new DecapAct(((uint)ns << 16) | type));
    }

    private static string? ParseWriteMetadata(string arg, List<OfpAct> output)
    {
        int slash = arg.IndexOf('/', StringComparison.Ordinal);
        string valueText = slash >= 0 ? arg[..slash] : arg;
        ulong mask = ulong.MaxValue;
        string? e = StrToU64(valueText, out ulong metadata);
        if (e is null && slash >= 0)
        {
            e = StrToU64(arg[(slash + 1)..], out mask);
        }

        return e ?? Add(output, null, new WriteMetadataAct(metadata & mask, mask));
    }
}
