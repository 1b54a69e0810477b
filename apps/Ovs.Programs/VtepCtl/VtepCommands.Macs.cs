// Upstream: vtep/vtep-ctl.c, the MAC binding commands (OVS 3.1)
//
// Unicast entries point to one physical locator; multicast entries to a physical locator set, which is never
// changed in place: every change gives the entry a new set holding its new list of locators (an emptied entry is
// deleted). Locators are shared by encapsulation and IP and created on first use; the database collects the ones
// nothing refers to any more.
using Ovs.Cli.DbCtl;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;
using Ovs.Transport.Streams;

namespace Ovs.Programs.VtepCtl;

internal static partial class VtepCommands
{
    private const string DefaultEncapsulation = "vxlan_over_ipv4";

    /// <summary>The "[ENCAP] IP" arguments after LS and MAC.</summary>
    private static (string Encapsulation, string Ip) LocatorArguments(CtlContext ctx) =>
        ctx.Argc == 4 ? (DefaultEncapsulation, ctx.Argv[3]) : (ctx.Argv[3], ctx.Argv[4]);

    private static IdlRow FindOrInsertLocator(VtepContext v, string encapsulation, string ip)
    {
        if (v.FindLocator(encapsulation, ip) is { } existing)
        {
            return existing;
        }

        IdlRow locator = v.Insert("Physical_Locator");
        v.Write(locator, "dst_ip", VtepContext.Str(ip));
        v.Write(locator, "encapsulation_type", VtepContext.Str(encapsulation));
        v.AddLocator(locator);
        return locator;
    }

    private static void AddUcast(CtlContext ctx, bool local)
    {
        VtepContext v = V(ctx);
        VtepLogicalSwitch ls = v.FindLogicalSwitch(ctx.Argv[1], true)!;
        string mac = ctx.Argv[2];
        (string encapsulation, string ip) = LocatorArguments(ctx);
        IdlRow locator = FindOrInsertLocator(v, encapsulation, ip);
        Dictionary<string, IdlRow> entries = ls.Ucast(local);
        if (!entries.TryGetValue(mac, out IdlRow? entry))
        {
            entry = v.Insert(local ? "Ucast_Macs_Local" : "Ucast_Macs_Remote");
            v.Write(entry, "MAC", VtepContext.Str(mac));
            v.Write(entry, "logical_switch", VtepContext.Ref(ls.Row));
            entries[mac] = entry;
        }

        v.Write(entry, "locator", VtepContext.Ref(locator));
        v.InvalidateCache();
    }

    private static void DelUcast(CtlContext ctx, bool local)
    {
        VtepContext v = V(ctx);
        VtepLogicalSwitch ls = v.FindLogicalSwitch(ctx.Argv[1], true)!;
        Dictionary<string, IdlRow> entries = ls.Ucast(local);
        if (entries.Remove(ctx.Argv[2], out IdlRow? entry))
        {
            v.Delete(entry);
            v.InvalidateCache();
        }
    }

    private static void WriteLocators(VtepContext v, VtepMcastMac entry) =>
        v.Write(entry.LocatorSet, "locators", VtepContext.Refs(entry.Locators));

    private static void AddDelMcast(CtlContext ctx, bool add, bool local)
    {
        VtepContext v = V(ctx);
        VtepLogicalSwitch ls = v.FindLogicalSwitch(ctx.Argv[1], true)!;
        string mac = ctx.Argv[2];
        (string encapsulation, string ip) = LocatorArguments(ctx);
        if (add)
        {
            AddMcast(v, ls, mac, encapsulation, ip, local);
        }
        else
        {
            DelMcast(v, ls, mac, encapsulation, ip, local);
        }

        v.InvalidateCache();
    }

    private static void AddMcast(VtepContext v, VtepLogicalSwitch ls, string mac, string encapsulation, string ip, bool local)
    {
        IdlRow set = v.Insert("Physical_Locator_Set");
        if (!ls.Mcast(local).TryGetValue(mac, out VtepMcastMac? entry))
        {
            entry = v.AddMcastMac(ls, mac, set, local);
            IdlRow row = v.Insert(local ? "Mcast_Macs_Local" : "Mcast_Macs_Remote");
            v.Write(row, "MAC", VtepContext.Str(mac));
            v.Write(row, "locator_set", VtepContext.Ref(set));
            v.Write(row, "logical_switch", VtepContext.Ref(ls.Row));
            entry.MacRow = row;
        }
        else
        {
            entry.LocatorSet = set;
            v.Write(entry.MacRow!, "locator_set", VtepContext.Ref(set));
        }

        entry.Locators.Add(FindOrInsertLocator(v, encapsulation, ip));
        WriteLocators(v, entry);
    }

    private static void DelMcast(VtepContext v, VtepLogicalSwitch ls, string mac, string encapsulation, string ip, bool local)
    {
        if (!ls.Mcast(local).TryGetValue(mac, out VtepMcastMac? entry) || v.FindLocator(encapsulation, ip) is not { } locator)
        {
            return;
        }

        IdlRow set = v.Insert("Physical_Locator_Set");
        entry.LocatorSet = set;
        entry.Locators.Remove(locator);
        if (entry.Locators.Count == 0)
        {
            v.Delete(set);
            v.Delete(entry.MacRow!);
            ls.Mcast(local).Remove(mac);
        }
        else
        {
            v.Write(entry.MacRow!, "locator_set", VtepContext.Ref(set));
            WriteLocators(v, entry);
        }
    }

    private static void ClearMacs(CtlContext ctx, bool local)
    {
        VtepContext v = V(ctx);
        VtepLogicalSwitch ls = v.FindLogicalSwitch(ctx.Argv[1], true)!;
        foreach (IdlRow entry in ls.Ucast(local).Values)
        {
            v.Delete(entry);
        }

        foreach (VtepMcastMac entry in ls.Mcast(local).Values)
        {
            v.Delete(entry.MacRow!);
        }

        v.InvalidateCache();
    }

    private static void ListMacs(CtlContext ctx, bool local)
    {
        VtepContext v = V(ctx);
        VtepLogicalSwitch ls = v.FindLogicalSwitch(ctx.Argv[1], true)!;
        string where = local ? "local" : "remote";

        var ucast = new List<string>();
        foreach ((string mac, IdlRow entry) in ls.Ucast(local))
        {
            IdlRow? locator = v.ReadRef(entry, "locator");
            ucast.Add(Entry(v, mac, locator));
        }

        ctx.Output.Append("ucast-mac-").Append(where).Append('\n');
        OutputSorted(ctx, ucast);
        ctx.Output.Append('\n');

        var mcast = new List<string>();
        foreach ((string mac, VtepMcastMac entry) in ls.Mcast(local))
        {
            mcast.AddRange(entry.Locators.Select(locator => Entry(v, mac, locator)));
        }

        ctx.Output.Append("mcast-mac-").Append(where).Append('\n');
        OutputSorted(ctx, mcast);
        ctx.Output.Append('\n');

        static string Entry(VtepContext v, string mac, IdlRow? locator) =>
            locator is null
                ? $"  {mac} -> /"
                : $"  {mac} -> {v.ReadString(locator, "encapsulation_type")}/{v.ReadString(locator, "dst_ip")}";
    }

    private static void PreManager(CtlContext ctx)
    {
        Register(ctx, "Global", "managers");
        Register(ctx, "Manager", "target", "inactivity_probe");
    }

    private static void VerifyManagers(VtepContext v)
    {
        v.Verify(v.Global, "managers");
        foreach (IdlRow manager in v.ReadRefs(v.Global, "managers"))
        {
            v.Verify(manager, "target");
        }
    }

    private static void GetManager(CtlContext ctx)
    {
        var v = (VtepContext)ctx;
        VerifyManagers(v);
        var targets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (IdlRow manager in v.ReadRefs(v.Global, "managers"))
        {
            targets.Add(v.ReadString(manager, "target"));
        }

        OutputSorted(ctx, [.. targets]);
    }

    private static void DeleteManagers(VtepContext v)
    {
        foreach (IdlRow manager in v.ReadRefs(v.Global, "managers"))
        {
            v.Delete(manager);
        }

        v.Write(v.Global, "managers", Datum.EmptySet);
    }

    private static void DelManager(CtlContext ctx)
    {
        var v = (VtepContext)ctx;
        VerifyManagers(v);
        DeleteManagers(v);
    }

    private static void SetManager(CtlContext ctx)
    {
        var v = (VtepContext)ctx;
        VerifyManagers(v);
        DeleteManagers(v);
        string? probe = ctx.Options.Get("--inactivity-probe");
        var managers = new List<IdlRow>();
        foreach (string target in ctx.Argv[1..])
        {
            if (!StreamFactory.IsActiveName(target) && !StreamFactory.IsPassiveName(target))
            {
                Ovs.Common.Logging.VlogModule.Get("vtep_ctl").Warn($"target type \"{target}\" is possibly erroneous");
            }

            IdlRow manager = v.Insert("Manager");
            v.Write(manager, "target", VtepContext.Str(target));
            if (probe is not null)
            {
                v.Write(manager, "inactivity_probe", Datum.Scalar(Atom.Integer(AtoLL(probe))));
            }

            managers.Add(manager);
        }

        v.Write(v.Global, "managers", VtepContext.Refs(managers));
    }

    /// <summary>C's atoll(): optional white space and sign, then decimal digits; 0 if there are none.</summary>
    private static long AtoLL(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '-' or '+')
        {
            i++;
        }

        long value = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            value = unchecked((value * 10) + (s[i] - '0'));
        }

        return negative ? -value : value;
    }
}
