// Upstream: utilities/ovs-vsctl.c, auto-attach, emer-reset, CT zone and datapath capability commands (OVS 3.1)
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.OvsVsctl;

internal static partial class VsctlCommands
{
    /// <summary>strtoull(s, &amp;end, 10) as the aa-mapping commands use it: fails only when no digit was read.</summary>
    private static long ParseAaNumber(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        int start = i;
        ulong value = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            value = unchecked((value * 10) + (ulong)(s[i] - '0'));
        }

        if (i == start)
        {
            throw new CliException($"Invalid argument {s}");
        }

        return unchecked((long)(negative ? (ulong)-(long)value : value));
    }

    private static IdlRow? AutoAttach(VsctlContext v, IdlRow br) => v.ReadRefs(br, "auto_attach", "AutoAttach").FirstOrDefault();

    private static void AddAaMapping(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        long isid = ParseAaNumber(ctx.Argv[2]);
        long vlan = ParseAaNumber(ctx.Argv[3]);
        v.PopulateCache();
        if (v.FindBridge(ctx.Argv[1], true)!.Real.Row is not { } br)
        {
            return;
        }

        IdlRow? aa = AutoAttach(v, br);
        if (aa is null)
        {
            aa = v.Insert("AutoAttach");
            v.Write(br, "auto_attach", VsctlContext.Refs([aa]));
        }

        // Upstream appends the pair to the existing ones and the IDL's setter sorts them by key, then value, and
        // keeps the first of each key: re-adding an I-SID keeps whichever of its VLANs is the smaller.
        Datum mappings = v.Read(aa, "mappings");
        var pairs = new List<KeyValuePair<Atom, Atom>>(mappings.Count + 1) { new(Atom.Integer(isid), Atom.Integer(vlan)) };
        for (int i = 0; i < mappings.Count; i++)
        {
            pairs.Add(new(mappings.Keys[i], mappings.Values[i]));
        }

        v.Write(aa, "mappings", Datum.CreateMap(pairs.OrderBy(p => p.Value)));
    }

    private static void DelAaMapping(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        long isid = ParseAaNumber(ctx.Argv[2]);
        long vlan = ParseAaNumber(ctx.Argv[3]);
        v.PopulateCache();
        if (v.FindBridge(ctx.Argv[1], true)!.Real.Row is not { } br || AutoAttach(v, br) is not { } aa)
        {
            return;
        }

        Datum mappings = v.Read(aa, "mappings");
        if (mappings.TryGetValue(Atom.Integer(isid), out Atom value) && value.AsInteger == vlan)
        {
            // Upstream keeps only the pairs whose key and value both differ from the removed mapping.
            var kept = new List<KeyValuePair<Atom, Atom>>();
            for (int i = 0; i < mappings.Count; i++)
            {
                if (mappings.Keys[i].AsInteger != isid && mappings.Values[i].AsInteger != vlan)
                {
                    kept.Add(new(mappings.Keys[i], mappings.Values[i]));
                }
            }

            v.Write(aa, "mappings", Datum.CreateMap(kept));
        }
    }

    private static void GetAaMapping(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        IdlRow? br = v.FindBridge(ctx.Argv[1], true)!.Real.Row;
        if (br is null)
        {
            return;
        }

        v.Verify(br, "auto_attach");
        if (AutoAttach(v, br) is not { } aa)
        {
            return;
        }

        v.Verify(aa, "mappings");
        Datum mappings = v.Read(aa, "mappings");
        for (int i = 0; i < mappings.Count; i++)
        {
            ctx.Output.Append(mappings.Keys[i].AsInteger).Append(' ').Append(mappings.Values[i].AsInteger).Append('\n');
        }
    }

    private static void EmerReset(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.Write(v.Ovs, "manager_options", Datum.EmptySet);
        v.Write(v.Ovs, "ssl", Datum.EmptySet);
        foreach (IdlRow br in v.AllRows("Bridge").ToList())
        {
            foreach (string column in (string[])["controller", "fail_mode", "mirrors", "netflow", "sflow", "ipfix", "flood_vlans"])
            {
                v.Write(br, column, Datum.EmptySet);
            }

            Datum otherConfig = v.Read(br, "other_config");
            v.Write(br, "other_config", otherConfig.TryGetValue(Atom.String("hwaddr"), out Atom hwaddr)
                ? Datum.Pair(Atom.String("hwaddr"), hwaddr)
                : Datum.EmptyMap);
        }

        foreach (IdlRow port in v.AllRows("Port").ToList())
        {
            v.Write(port, "other_config", Datum.EmptyMap);
        }

        foreach (IdlRow iface in v.AllRows("Interface").ToList())
        {
            v.Write(iface, "ingress_policing_rate", Datum.Scalar(Atom.Integer(0)));
            v.Write(iface, "ingress_policing_burst", Datum.Scalar(Atom.Integer(0)));
        }

        foreach (string table in (string[])["Mirror", "Controller", "Manager", "NetFlow", "SSL", "sFlow", "IPFIX", "Flow_Sample_Collector_Set"])
        {
            foreach (IdlRow row in v.AllRows(table).ToList())
            {
                v.Delete(row);
            }
        }

        v.InvalidateCache();
    }

    private static IdlRow? FindDatapath(VsctlContext v, string name)
    {
        Datum datapaths = v.Read(v.Ovs, "datapaths");
        return datapaths.TryGetValue(Atom.String(name), out Atom uuid) ? DbCtlEngine.FindRow(v, v.Schema("Datapath"), uuid.AsUuid) : null;
    }

    private static long ParseZone(string arg)
    {
        // ovs_scan("zone=%i"): decimal, octal (leading 0) or hex (0x); nothing parsed leaves 0.
        if (!arg.StartsWith("zone=", StringComparison.Ordinal))
        {
            return 0;
        }

        string s = arg[5..];
        bool negative = s.StartsWith('-');
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            s = s[1..];
        }

        long value = 0;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            foreach (char c in s[2..].TakeWhile(char.IsAsciiHexDigit))
            {
                value = (value * 16) + Convert.ToInt32(c.ToString(), 16);
            }
        }
        else if (s.StartsWith('0'))
        {
            foreach (char c in s.TakeWhile(c => c is >= '0' and <= '7'))
            {
                value = (value * 8) + (c - '0');
            }
        }
        else
        {
            foreach (char c in s.TakeWhile(char.IsAsciiDigit))
            {
                value = (value * 10) + (c - '0');
            }
        }

        return negative ? -value : value;
    }

    private static IdlRow? FindZone(VsctlContext v, IdlRow dp, long zoneId)
    {
        Datum zones = v.Read(dp, "ct_zones");
        return zones.TryGetValue(Atom.Integer(zoneId), out Atom uuid) ? DbCtlEngine.FindRow(v, v.Schema("CT_Zone"), uuid.AsUuid) : null;
    }

    private static void AddZoneTp(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        long zoneId = ParseZone(ctx.Argv[2]);
        bool mayExist = ctx.Options.Contains("--may-exist");
        IdlRow dp = FindDatapath(v, ctx.Argv[1]) ?? throw new CliException($"datapath {ctx.Argv[1]} does not exist");
        int count = ctx.Argc - 3;
        IdlRow? zone = FindZone(v, dp, zoneId);
        if (count <= 0)
        {
            throw new CliException("No timeout policy");
        }

        if (zone is not null && !mayExist)
        {
            throw new CliException($"zone id {(ulong)zoneId} already exists");
        }

        var timeouts = new List<KeyValuePair<Atom, Atom>>();
        foreach (string policy in ctx.Argv[3..])
        {
            int eq = policy.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                break;
            }

            timeouts.Add(new(Atom.String(policy[..eq]), Atom.Integer(Cli.Tables.TableOptions.AtoI(policy[(eq + 1)..]))));
        }

        Datum wanted = Datum.CreateMap(timeouts);
        IdlRow? tp = v.AllRows("CT_Timeout_Policy").FirstOrDefault(row => v.Read(row, "timeouts").Equals(wanted));
        if (tp is null)
        {
            tp = v.Insert("CT_Timeout_Policy");
            v.Write(tp, "timeouts", wanted);
        }

        if (zone is null)
        {
            zone = v.Insert("CT_Zone");
            v.Write(zone, "timeout_policy", VsctlContext.Refs([tp]));
            v.Transaction.WritePartialMap(dp, v.ServerColumn(dp, "ct_zones"), Atom.Integer(zoneId), Atom.Uuid(zone.Uuid));
        }
        else
        {
            v.Write(zone, "timeout_policy", VsctlContext.Refs([tp]));
        }
    }

    private static void DelZoneTp(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        long zoneId = ParseZone(ctx.Argv[2]);
        bool mustExist = !ctx.Options.Contains("--if-exists");
        IdlRow dp = FindDatapath(v, ctx.Argv[1]) ?? throw new CliException($"datapath {ctx.Argv[1]} does not exist");
        IdlRow? zone = FindZone(v, dp, zoneId);
        if (mustExist && zone is null)
        {
            throw new CliException($"zone id {(ulong)zoneId} does not exist");
        }

        if (zone is not null)
        {
            v.Transaction.DeletePartialMap(dp, v.ServerColumn(dp, "ct_zones"), Atom.Integer(zoneId));
        }
    }

    private static void ListZoneTp(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        IdlRow dp = FindDatapath(v, ctx.Argv[1]) ?? throw new CliException($"datapath: {ctx.Argv[1]} record not found");
        Datum zones = v.Read(dp, "ct_zones");
        for (int i = 0; i < zones.Count; i++)
        {
            var line = new System.Text.StringBuilder();
            line.Append("Zone:").Append((ulong)zones.Keys[i].AsInteger).Append(", Timeout Policies: ");
            IdlRow? zone = DbCtlEngine.FindRow(v, v.Schema("CT_Zone"), zones.Values[i].AsUuid);
            IdlRow? tp = zone is null ? null : v.ReadRefs(zone, "timeout_policy", "CT_Timeout_Policy").FirstOrDefault();
            if (tp is not null)
            {
                Datum timeouts = v.Read(tp, "timeouts");
                for (int j = 0; j < timeouts.Count; j++)
                {
                    line.Append(timeouts.Keys[j].AsString).Append('=').Append((ulong)timeouts.Values[j].AsInteger).Append(' ');
                }
            }
            else
            {
                line.Append("system default");
            }

            ctx.Output.Append(line.ToString().TrimEnd(' ')).Append('\n');
        }
    }

    private static void ListDpCap(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        IdlRow dp = FindDatapath(v, ctx.Argv[1]) ?? throw new CliException($"datapath \"{ctx.Argv[1]}\" record not found");
        Datum caps = v.Read(dp, "capabilities");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new List<string>();
        for (int i = 0; i < caps.Count; i++)
        {
            keys.Add(caps.Keys[i].AsString);
            values[keys[^1]] = caps.Values[i].AsString;
        }

        // Upstream walks the capabilities as a string map, so they come out in hash-map order.
        var line = new System.Text.StringBuilder();
        foreach (string key in Cli.Tables.HmapOrder.Iterate(keys))
        {
            line.Append(key).Append('=').Append(values[key]).Append(' ');
        }

        ctx.Output.Append(line.ToString().TrimEnd(' ')).Append('\n');
    }
}
