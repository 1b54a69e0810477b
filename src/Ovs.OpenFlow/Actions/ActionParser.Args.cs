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

            if (sf.Field.Header(0) is not { IsExperimenter: false })
            {
                return $"{arg}: experimenter OXM field '{sf.Field.Name}' not supported";
            }

            d = sf;
        }

        output.Add(new BundleAct { Fields = f, Basis = (ushort)AtoI(basis), Algorithm = alg, Dst = d, Members = [.. members] });
        return null;
    }

    private static int AtoI(string s)
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

        byte table = ResubmitAct.AllTables;
        if (tableText.Length > 0 && (!byte.TryParse(tableText, NumberStyles.None, CultureInfo.InvariantCulture, out table) || table == 255))
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
                    if (!byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out table) || table == 255)
                    {
                        return $"unknown table {value}";
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
                    e = ParseList(value, nested, ActionDecoder.ApplyActionsOnly, OfpActKind.Ct);
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

    private static string? ParseNat(string arg, List<OfpAct> output)
    {
        ushort flags = 0, pmin = 0, pmax = 0;
        byte family = 0;
        uint v4min = 0, v4max = 0;
        Ipv6Address v6min = default, v6max = default;
        int position = 0;
        while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
        {
            switch (key)
            {
                case "src" or "dst":
                    if ((flags & (NatAct.FlagSrc | NatAct.FlagDst)) != 0)
                    {
                        return "May only specify one of \"src\" or \"dst\".";
                    }

                    flags |= key == "src" ? NatAct.FlagSrc : NatAct.FlagDst;
                    if (value.Length > 0)
                    {
                        string? e = ParseNatRange(value, ref family, ref v4min, ref v4max, ref v6min, ref v6max, ref pmin, ref pmax);
                        if (e is not null)
                        {
                            return e;
                        }
                    }

                    break;
                case "persistent":
                    flags |= NatAct.FlagPersistent;
                    break;
                case "hash":
                    flags |= NatAct.FlagHash;
                    break;
                case "random":
                    flags |= NatAct.FlagRandom;
                    break;
                default:
                    return $"invalid key \"{key}\" in \"nat\" argument";
            }
        }

        if ((flags & NatAct.FlagHash) != 0 && (flags & NatAct.FlagRandom) != 0)
        {
            return "Both \"hash\" and \"random\" are specified.";
        }

        if (family == 0 && (flags & (NatAct.FlagSrc | NatAct.FlagDst)) == 0 && flags != 0)
        {
            return "Flags allowed only with \"src\" or \"dst\".";
        }

        output.Add(new NatAct { Flags = flags, Family = family, Ipv4Min = v4min, Ipv4Max = v4max, Ipv6Min = v6min, Ipv6Max = v6max, ProtoMin = pmin, ProtoMax = pmax });
        return null;
    }

    private static string? ParseNatRange(
        string s, ref byte family, ref uint v4min, ref uint v4max, ref Ipv6Address v6min, ref Ipv6Address v6max, ref ushort pmin, ref ushort pmax)
    {
        string bad = $"{s}: invalid IP range";
        string addresses = s, ports = string.Empty;
        if (s.StartsWith('['))
        {
            int close = s.LastIndexOf(']');
            int colon = close >= 0 ? s.IndexOf(':', close) : -1;
            if (colon >= 0)
            {
                addresses = s[..colon];
                ports = s[(colon + 1)..];
            }
        }
        else if (s.Count(c => c == ':') == 1)
        {
            int colon = s.IndexOf(':', StringComparison.Ordinal);
            addresses = s[..colon];
            ports = s[(colon + 1)..];
        }

        string[] range = addresses.Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Split('-');
        if (range.Length is < 1 or > 2)
        {
            return bad;
        }

        if (Ipv4Text.TryParse(range[0], out v4min))
        {
            family = 4;
            if (range.Length == 2 && !Ipv4Text.TryParse(range[1], out v4max))
            {
                return bad;
            }
        }
        else if (Ipv6Address.TryParse(range[0], out v6min))
        {
            family = 6;
            if (range.Length == 2 && !Ipv6Address.TryParse(range[1], out v6max))
            {
                return bad;
            }
        }
        else
        {
            return bad;
        }

        if (ports.Length > 0)
        {
            string[] p = ports.Split('-');
            if (!ushort.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out pmin)
                || (p.Length == 2 && !ushort.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out pmax)) || p.Length > 2)
            {
                return $"{s}: invalid port range";
            }
        }

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

    private static string? ParseEncap(string arg, List<OfpAct> output)
    {
        switch (arg)
        {
            case "ethernet":
                output.Add(new EncapAct(0, 0, []));
                return null;
            case "mpls":
                output.Add(new EncapAct(0, 0x18847, []));
                return null;
            case "mpls_mc":
                output.Add(new EncapAct(0, 0x18848, []));
                return null;
        }

        if (!arg.StartsWith("nsh(", StringComparison.Ordinal) && arg != "nsh")
        {
            return "Invalid encap argument";
        }

        var props = new List<EncapProperty>();
        string inner = arg == "nsh" ? string.Empty : arg[4..^1];
        int position = 0;
        while (KeyValueParser.TryNext(inner, ref position, out string key, out string value))
        {
            if (key == "md_type")
            {
                if (!byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out byte mdType) || mdType is < 1 or > 2)
                {
                    return "invalid md_type";
                }

                props.Add(new EncapProperty(4, 1, [mdType]));
            }
            else if (key == "tlv")
            {
                string[] p = value.Split(',');
                if (p.Length != 3 || !TryStrToULong(p[0], out ulong tlvClass) || !TryStrToULong(p[1], out ulong tlvType)
                    || !p[2].StartsWith("0x", StringComparison.Ordinal) || !TryParseWide(p[2], out byte[] data))
                {
                    return "Invalid NSH TLV header";
                }

                props.Add(new EncapProperty(4, 2, [(byte)(tlvClass >> 8), (byte)tlvClass, (byte)tlvType, (byte)data.Length, .. data]));
            }
            else
            {
                return "Invalid property in encap(nsh())";
            }
        }

        output.Add(new EncapAct(0, 0x1894f, props));
        return null;
    }

    private static string? ParseDecap(string arg, List<OfpAct> output)
    {
        if (arg.Length == 0)
        {
            output.Add(new DecapAct(0xfffe));
            return null;
        }

        const string prefix = "packet_type(";
        if (!arg.StartsWith(prefix, StringComparison.Ordinal) || !arg.EndsWith(')'))
        {
            return "Invalid decap argument";
        }

        uint ns = 0, type = 0;
        int position = 0;
        string inner = arg[prefix.Length..^1];
        while (KeyValueParser.TryNext(inner, ref position, out string key, out string value))
        {
            if (key == "ns" && TryStrToULong(value, out ulong n) && n <= ushort.MaxValue)
            {
                ns = (uint)n;
            }
            else if (key == "type" && TryStrToULong(value, out ulong t) && t <= ushort.MaxValue)
            {
                type = (uint)t;
            }
            else
            {
                return "Invalid decap argument";
            }
        }

        output.Add(new DecapAct((ns << 16) | type));
        return null;
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
