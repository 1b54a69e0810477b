// Upstream: vtep/vtep-ctl.c, vtep_commands[] (OVS 3.1)
//
// vtep-ctl's own commands: physical switches and their ports, logical switches and their VLAN bindings, logical
// routers, MAC entries and managers. Every handler gets the shared CtlContext, which for this program is a
// VtepContext. As upstream's table does, bind-ls, unbind-ls and clear-*-macs are marked read-only although they
// write (this only decides the log level of "Called as").
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.VtepCtl;

internal static partial class VtepCommands
{
    private const CtlMode RO = CtlMode.ReadOnly;
    private const CtlMode RW = CtlMode.ReadWrite;

    public static CtlCommandSyntax[] Table { get; } =
    [
        new("add-ps", 1, 1, "", PreGetInfo, AddPs, null, "--may-exist", RW),
        new("del-ps", 1, 1, "", PreGetInfo, DelPs, null, "--if-exists", RW),
        new("list-ps", 0, 0, "", PreGetInfo, ListPs, null, "", RO),
        new("ps-exists", 1, 1, "", PreGetInfo, PsExists, null, "", RO),
        new("list-ports", 1, 1, "", PreGetInfo, ListPorts, null, "", RO),
        new("add-port", 2, 2, "", PreGetInfo, AddPort, null, "--may-exist", RW),
        new("del-port", 2, 2, "", PreGetInfo, DelPort, null, "--if-exists", RW),
        new("add-ls", 1, 1, "", PreGetInfo, AddLs, null, "--may-exist", RW),
        new("del-ls", 1, 1, "", PreGetInfo, DelLs, null, "--if-exists", RW),
        new("list-ls", 0, 0, "", PreGetInfo, ListLs, null, "", RO),
        new("ls-exists", 1, 1, "", PreGetInfo, LsExists, null, "", RO),
        new("list-bindings", 2, 2, "", PreGetInfo, ListBindings, null, "", RO),
        new("bind-ls", 4, 4, "", PreGetInfo, BindLs, null, "", RO),
        new("unbind-ls", 3, 3, "", PreGetInfo, UnbindLs, null, "", RO),
        new("set-replication-mode", 2, 2, "LS MODE", PreGetInfo, SetReplicationMode, null, "", RW),
        new("get-replication-mode", 1, 1, "LS", PreGetInfo, GetReplicationMode, null, "", RO),
        new("add-lr", 1, 1, "", PreGetInfo, AddLr, null, "--may-exist", RW),
        new("del-lr", 1, 1, "", PreGetInfo, DelLr, null, "--if-exists", RW),
        new("list-lr", 0, 0, "", PreGetInfo, ListLr, null, "", RO),
        new("lr-exists", 1, 1, "", PreGetInfo, LrExists, null, "", RO),
        new("add-ucast-local", 3, 4, "", PreGetInfo, c => AddUcast(c, local: true), null, "", RW),
        new("del-ucast-local", 2, 2, "", PreGetInfo, c => DelUcast(c, local: true), null, "", RW),
        new("add-mcast-local", 3, 4, "", PreGetInfo, c => AddDelMcast(c, add: true, local: true), null, "", RW),
        new("del-mcast-local", 3, 4, "", PreGetInfo, c => AddDelMcast(c, add: false, local: true), null, "", RW),
        new("clear-local-macs", 1, 1, "", PreGetInfo, c => ClearMacs(c, local: true), null, "", RO),
        new("list-local-macs", 1, 1, "", PreGetInfo, c => ListMacs(c, local: true), null, "", RO),
        new("add-ucast-remote", 3, 4, "", PreGetInfo, c => AddUcast(c, local: false), null, "", RW),
        new("del-ucast-remote", 2, 2, "", PreGetInfo, c => DelUcast(c, local: false), null, "", RW),
        new("add-mcast-remote", 3, 4, "", PreGetInfo, c => AddDelMcast(c, add: true, local: false), null, "", RW),
        new("del-mcast-remote", 3, 4, "", PreGetInfo, c => AddDelMcast(c, add: false, local: false), null, "", RW),
        new("clear-remote-macs", 1, 1, "", PreGetInfo, c => ClearMacs(c, local: false), null, "", RO),
        new("list-remote-macs", 1, 1, "", PreGetInfo, c => ListMacs(c, local: false), null, "", RO),
        new("get-manager", 0, 0, "", PreManager, GetManager, null, "", RO),
        new("del-manager", 0, 0, "", PreManager, DelManager, null, "", RW),
        new("set-manager", 1, int.MaxValue, "", PreManager, SetManager, null, "--inactivity-probe=", RW),
    ];

    private static VtepContext V(CtlContext ctx)
    {
        var v = (VtepContext)ctx;
        v.PopulateCache();
        return v;
    }

    private static void Register(CtlContext ctx, string table, params string[] columns) => ctx.Idl.RegisterColumns(table, columns);

    private static void PreGetInfo(CtlContext ctx)
    {
        Register(ctx, "Global", "switches");
        Register(ctx, "Physical_Switch", "name", "ports", "tunnels");
        Register(ctx, "Physical_Port", "name", "vlan_bindings");
        Register(ctx, "Logical_Switch", "name", "replication_mode");
        Register(ctx, "Logical_Router", "name");
        Register(ctx, "Ucast_Macs_Local", "MAC", "locator", "logical_switch");
        Register(ctx, "Ucast_Macs_Remote", "MAC", "locator", "logical_switch");
        Register(ctx, "Mcast_Macs_Local", "MAC", "locator_set", "logical_switch");
        Register(ctx, "Mcast_Macs_Remote", "MAC", "locator_set", "logical_switch");
        Register(ctx, "Physical_Locator_Set", "locators");
        Register(ctx, "Physical_Locator", "dst_ip", "encapsulation_type");
        Register(ctx, "Tunnel", "local", "remote");
    }

    private static void OutputSorted(CtlContext ctx, List<string> lines)
    {
        lines.Sort(string.CompareOrdinal);
        foreach (string line in lines)
        {
            ctx.Output.Append(line).Append('\n');
        }
    }

    private static void AddPs(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        string name = ctx.Argv[1];
        if (v.FindPhysicalSwitch(name, false) is not null)
        {
            if (!ctx.Options.Contains("--may-exist"))
            {
                throw new CliException($"cannot create physical switch {name} because it already exists");
            }

            return;
        }

        IdlRow ps = v.Insert("Physical_Switch");
        v.Write(ps, "name", VtepContext.Str(name));
        v.Write(v.Global, "switches", VtepContext.Refs([.. v.ReadRefs(v.Global, "switches"), ps]));
        v.InvalidateCache();
    }

    private static void DeletePort(VtepContext v, VtepPort port)
    {
        IdlRow ps = port.PhysicalSwitch.Row;
        v.Write(ps, "ports", VtepContext.Refs(v.ReadRefs(ps, "ports").Where(r => r != port.Row)));
        port.PhysicalSwitch.Ports.Remove(port);
        v.Ports.Remove(VtepContext.PortKey(port.PhysicalSwitch.Name, port.Name));
        v.Delete(port.Row);
    }

    private static void DelPs(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        if (v.FindPhysicalSwitch(ctx.Argv[1], !ctx.Options.Contains("--if-exists")) is not { } ps)
        {
            return;
        }

        foreach (VtepPort port in ps.Ports.ToList())
        {
            DeletePort(v, port);
        }

        v.Delete(ps.Row);
        v.Write(v.Global, "switches", VtepContext.Refs(v.ReadRefs(v.Global, "switches").Where(r => r != ps.Row)));
        v.PhysicalSwitches.Remove(ps.Name);
    }

    private static void ListPs(CtlContext ctx) => OutputSorted(ctx, [.. V(ctx).PhysicalSwitches.Keys]);

    private static void PsExists(CtlContext ctx)
    {
        if (V(ctx).FindPhysicalSwitch(ctx.Argv[1], false) is null)
        {
            throw new CtlExitException(2);
        }
    }

    private static void ListPorts(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        VtepPhysicalSwitch ps = v.FindPhysicalSwitch(ctx.Argv[1], true)!;
        v.Verify(ps.Row, "ports");
        OutputSorted(ctx, [.. ps.Ports.Select(p => p.Name).Where(n => n != ps.Name)]);
    }

    private static void AddPort(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        string psName = ctx.Argv[1];
        string portName = ctx.Argv[2];
        if (v.FindPort(psName, portName, false) is not null)
        {
            if (!ctx.Options.Contains("--may-exist"))
            {
                throw new CliException($"cannot create a port named {portName} on {psName} because a port with that name already exists");
            }

            return;
        }

        VtepPhysicalSwitch ps = v.FindPhysicalSwitch(psName, true)!;
        IdlRow port = v.Insert("Physical_Port");
        v.Write(port, "name", VtepContext.Str(portName));
        v.Write(ps.Row, "ports", VtepContext.Refs([.. v.ReadRefs(ps.Row, "ports"), port]));
        v.AddPort(ps, port);
    }

    private static void DelPort(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        if (v.FindPort(ctx.Argv[1], ctx.Argv[2], !ctx.Options.Contains("--if-exists")) is not { } port)
        {
            return;
        }

        VtepPhysicalSwitch ps = v.FindPhysicalSwitch(ctx.Argv[1], true)!;
        if (port.PhysicalSwitch != ps)
        {
            throw new CliException($"physical switch {ctx.Argv[1]} does not have a port {ctx.Argv[2]}");
        }

        DeletePort(v, port);
    }

    private static void AddLs(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        string name = ctx.Argv[1];
        if (v.FindLogicalSwitch(name, false) is not null)
        {
            if (!ctx.Options.Contains("--may-exist"))
            {
                throw new CliException($"cannot create logical switch {name} because it already exists");
            }

            return;
        }

        IdlRow ls = v.Insert("Logical_Switch");
        v.Write(ls, "name", VtepContext.Str(name));
        v.InvalidateCache();
    }

    private static void DelLs(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        if (v.FindLogicalSwitch(ctx.Argv[1], !ctx.Options.Contains("--if-exists")) is { } ls)
        {
            v.Delete(ls.Row);
            v.LogicalSwitches.Remove(ls.Name);
        }
    }

    private static void ListLs(CtlContext ctx) => OutputSorted(ctx, [.. V(ctx).LogicalSwitches.Keys]);

    private static void LsExists(CtlContext ctx)
    {
        if (V(ctx).FindLogicalSwitch(ctx.Argv[1], false) is null)
        {
            throw new CtlExitException(2);
        }
    }

    /// <summary>"%04lld": at least four digits, the sign counting as one.</summary>
    private static string FormatVlan(long vlan) =>
        vlan < 0
            ? "-" + (-vlan).ToString("D3", System.Globalization.CultureInfo.InvariantCulture)
            : vlan.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A VLAN's text as C's strtoll(s, NULL, 0) reads it: white space, a sign, then a "0x" (hexadecimal) or "0"
    /// (octal) prefix or decimal digits, as far as they go; 0 when there are none; clamped on overflow.
    /// </summary>
    internal static long ParseVlan(string s)
    {
        int i = 0;
        while (i < s.Length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        int radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && s[i + 1] is 'x' or 'X' && i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 2]))
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }

        ulong magnitude = 0;
        bool overflow = false;
        for (; i < s.Length; i++)
        {
            int digit = char.IsAsciiDigit(s[i]) ? s[i] - '0' : char.IsAsciiLetter(s[i]) ? char.ToLowerInvariant(s[i]) - 'a' + 10 : int.MaxValue;
            if (digit >= radix)
            {
                break;
            }

            if (magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                overflow = true;
            }
            else
            {
                magnitude = (magnitude * (ulong)radix) + (ulong)digit;
            }
        }

        if (negative)
        {
            return overflow || magnitude > (ulong)long.MaxValue + 1 ? long.MinValue : (long)(0 - magnitude);
        }

        return overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude;
    }

    private static void ListBindings(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        VtepPort port = v.FindPort(ctx.Argv[1], ctx.Argv[2], true)!;
        OutputSorted(ctx, [.. port.Bindings.Select(b => FormatVlan(ParseVlan(b.Key)) + " " + b.Value.Name)]);
    }

    private static void CommitBindings(VtepContext v, VtepPort port)
    {
        Datum bindings = Datum.CreateMap(port.Bindings.Select(
            b => new KeyValuePair<Atom, Atom>(Atom.Integer(ParseVlan(b.Key)), Atom.Uuid(b.Value.Row.Uuid))));
        v.Write(port.Row, "vlan_bindings", bindings);
    }

    private static void BindLs(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        VtepPort port = v.FindPort(ctx.Argv[1], ctx.Argv[2], true)!;
        string vlan = ctx.Argv[3];
        VtepLogicalSwitch ls = v.FindLogicalSwitch(ctx.Argv[4], true)!;
        if (port.Bindings.Exists(b => b.Key == vlan))
        {
            throw new CliException($"multiple bindings for vlan {vlan}");
        }

        port.Bindings.Add(new(vlan, ls));
        CommitBindings(v, port);
        v.InvalidateCache();
    }

    private static void UnbindLs(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        VtepPort port = v.FindPort(ctx.Argv[1], ctx.Argv[2], true)!;
        string vlan = ctx.Argv[3];
        int index = port.Bindings.FindIndex(b => b.Key == vlan);
        if (index < 0)
        {
            throw new CliException($"no binding for vlan {vlan}");
        }

        port.Bindings.RemoveAt(index);
        CommitBindings(v, port);
        v.InvalidateCache();
    }

    private static void SetReplicationMode(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        string mode = ctx.Argv[2];
        if (mode is not ("service_node" or "source_node"))
        {
            throw new CliException("Replication mode must be 'service_node' or 'source_node'");
        }

        VtepLogicalSwitch ls = v.FindLogicalSwitch(ctx.Argv[1], true)!;
        v.Write(ls.Row, "replication_mode", VtepContext.Str(mode));
        v.InvalidateCache();
    }

    private static void GetReplicationMode(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        VtepLogicalSwitch ls = v.FindLogicalSwitch(ctx.Argv[1], true)!;

        // An unset mode prints as glibc's printf prints a null string.
        ctx.Output.Append(v.ReadOptionalString(ls.Row, "replication_mode") ?? "(null)").Append('\n');
    }

    private static void AddLr(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        string name = ctx.Argv[1];
        if (v.FindLogicalRouter(name, false) is not null)
        {
            if (!ctx.Options.Contains("--may-exist"))
            {
                throw new CliException($"cannot create logical router {name} because it already exists");
            }

            return;
        }

        IdlRow lr = v.Insert("Logical_Router");
        v.Write(lr, "name", VtepContext.Str(name));
        v.InvalidateCache();
    }

    private static void DelLr(CtlContext ctx)
    {
        VtepContext v = V(ctx);
        if (v.FindLogicalRouter(ctx.Argv[1], !ctx.Options.Contains("--if-exists")) is { } lr)
        {
            v.Delete(lr);
            v.LogicalRouters.Remove(ctx.Argv[1]);
        }
    }

    private static void ListLr(CtlContext ctx) => OutputSorted(ctx, [.. V(ctx).LogicalRouters.Keys]);

    private static void LrExists(CtlContext ctx)
    {
        if (V(ctx).FindLogicalRouter(ctx.Argv[1], false) is null)
        {
            throw new CtlExitException(2);
        }
    }
}
