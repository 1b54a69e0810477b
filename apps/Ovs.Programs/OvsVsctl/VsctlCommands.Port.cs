// Upstream: utilities/ovs-vsctl.c, the port, bond and interface commands (OVS 3.1)
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.OvsVsctl;

internal static partial class VsctlCommands
{
    private static void ListPorts(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        VsctlBridge br = v.FindBridge(ctx.Argv[1], true)!;
        v.Verify(br.Real.Row!, "ports");
        var names = new List<string>();
        foreach (VsctlPort port in br.Ports)
        {
            string name = v.ReadString(port.Row, "name");
            if (name != br.Name)
            {
                names.Add(name);
            }
        }

        OutputSorted(ctx, names);
    }

    /// <summary>The command as the user typed it, for "--may-exist" messages (options first).</summary>
    private static string CommandText(CtlContext ctx)
    {
        var words = new List<string>();
        foreach (KeyValuePair<string, string?> option in ctx.Options.Items)
        {
            words.Add(option.Key);
        }

        words.AddRange(ctx.Argv);
        return DbCtlRunner.EscapeArgs(words);
    }

    private static void AddPortCore(CtlContext ctx, string brName, string portName, bool mayExist, bool fakeIface, string[] ifaceNames, string[] settings)
    {
        VsctlContext v = V(ctx);
        if (portName.Length == 0)
        {
            throw new CliException("port name must not be empty string");
        }

        foreach (string ifaceName in ifaceNames)
        {
            if (ifaceName.Length == 0)
            {
                throw new CliException("interface name must not be empty string");
            }
        }

        v.PopulateCache();
        if (mayExist && v.FindPort(portName, false) is { } existing)
        {
            var want = new List<string>(ifaceNames);
            want.Sort(string.CompareOrdinal);
            var have = new List<string>();
            foreach (IdlRow iface in v.ReadRefs(existing.Row, "interfaces", "Interface"))
            {
                have.Add(v.ReadString(iface, "name"));
            }

            have.Sort(string.CompareOrdinal);
            if (existing.Bridge.Name != brName)
            {
                throw new CliException($"\"{CommandText(ctx)}\" but {portName} is actually attached to bridge {existing.Bridge.Name}");
            }

            if (!want.SequenceEqual(have))
            {
                throw new CliException($"\"{CommandText(ctx)}\" but {portName} actually has interface(s) {string.Join(", ", have)}");
            }

            return;
        }

        v.CheckConflicts(portName, $"cannot create a port named {portName}");
        foreach (string ifaceName in ifaceNames)
        {
            v.CheckConflicts(ifaceName, $"cannot create an interface named {ifaceName}");
        }

        VsctlBridge bridge = v.FindBridge(brName, true)!;
        var ifaces = new List<IdlRow>();
        foreach (string ifaceName in ifaceNames)
        {
            IdlRow iface = v.Insert("Interface");
            v.Write(iface, "name", VsctlContext.Str(ifaceName));
            v.NewIfaces.Add(iface.Uuid);
            ifaces.Add(iface);
        }

        IdlRow port = v.Insert("Port");
        v.Write(port, "name", VsctlContext.Str(portName));
        v.Write(port, "interfaces", VsctlContext.Refs(ifaces));
        v.Write(port, "bond_fake_iface", Datum.Scalar(Atom.Boolean(fakeIface)));
        if (bridge.Parent is not null)
        {
            v.Write(port, "tag", Datum.Scalar(Atom.Integer(bridge.Vlan)));
        }

        Ovsdb.TableSchema portTable = v.Schema("Port");
        foreach (string setting in settings)
        {
            v.Engine.SetColumn(ctx, portTable, port, setting);
        }

        v.BridgeInsertPort(bridge.Real.Row!, port);
        VsctlPort cached = v.AddPort(bridge, port);
        foreach (IdlRow iface in ifaces)
        {
            v.AddIface(cached, iface);
        }
    }

    private static void AddPort(CtlContext ctx) =>
        AddPortCore(ctx, ctx.Argv[1], ctx.Argv[2], ctx.Options.Contains("--may-exist"), false, [ctx.Argv[2]], ctx.Argv[3..]);

    private static void AddBond(CtlContext ctx)
    {
        int ifaceCount = ctx.Argc - 3;
        for (int i = 3; i < ctx.Argc; i++)
        {
            if (ctx.Argv[i].Contains('=', StringComparison.Ordinal))
            {
                ifaceCount = i - 3;
                break;
            }
        }

        if (ifaceCount < 2)
        {
            throw new CliException($"add-bond requires at least 2 interfaces, but only {ifaceCount} were specified");
        }

        AddPortCore(ctx, ctx.Argv[1], ctx.Argv[2], ctx.Options.Contains("--may-exist"), ctx.Options.Contains("--fake-iface"),
            ctx.Argv[3..(3 + ifaceCount)], ctx.Argv[(3 + ifaceCount)..]);
    }

    private static void AddBondIface(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        bool mayExist = ctx.Options.Contains("--may-exist");
        VsctlPort port = v.FindPort(ctx.Argv[1], true)!;
        string ifaceName = ctx.Argv[2];
        if (mayExist && v.FindIface(ifaceName, false) is { } existing)
        {
            if (existing.Port == port)
            {
                return;
            }

            throw new CliException($"\"{CommandText(ctx)}\" but {ifaceName} is actually attached to port {v.ReadString(existing.Port.Row, "name")}");
        }

        v.CheckConflicts(ifaceName, $"cannot create an interface named {ifaceName}");
        IdlRow iface = v.Insert("Interface");
        v.Write(iface, "name", VsctlContext.Str(ifaceName));
        v.Transaction.WritePartialSet(port.Row, v.ServerColumn(port.Row, "interfaces"), Atom.Uuid(iface.Uuid));
        v.NewIfaces.Add(iface.Uuid);
        v.AddIface(port, iface);
    }

    private static void DelBondIface(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        string ifaceName = ctx.Argv[^1];
        bool mustExist = !ctx.Options.Contains("--if-exists");
        if (v.FindIface(ifaceName, mustExist) is not { } iface)
        {
            return;
        }

        if (ctx.Argc > 2)
        {
            string portName = ctx.Argv[1];
            VsctlPort port = v.FindPort(portName, true)!;
            if (iface.Port != port)
            {
                throw new CliException($"port {portName} does not have an interface {ifaceName}");
            }
        }

        if (iface.Port.Ifaces.Count < 2)
        {
            throw new CliException($"cannot delete last interface from port {v.ReadString(iface.Port.Row, "name")}");
        }

        v.Transaction.DeletePartialSet(iface.Port.Row, v.ServerColumn(iface.Port.Row, "interfaces"), Atom.Uuid(iface.Row.Uuid));
        v.DelCachedIface(iface);
    }

    private static void DelPort(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        bool mustExist = !ctx.Options.Contains("--if-exists");
        bool withIface = ctx.Options.Contains("--with-iface");
        string target = ctx.Argv[^1];
        v.PopulateCache();
        VsctlPort? port;
        if (v.FindBridge(target, false) is not null)
        {
            if (mustExist)
            {
                throw new CliException($"cannot delete port {target} because it is the local port for bridge {target} (deleting this port requires deleting the entire bridge)");
            }

            port = null;
        }
        else if (!withIface)
        {
            port = v.FindPort(target, mustExist);
        }
        else
        {
            port = v.FindPort(target, false) ?? v.FindIface(target, false)?.Port;
            if (mustExist && port is null)
            {
                throw new CliException($"no port or interface named {target}");
            }
        }

        if (port is null)
        {
            return;
        }

        if (ctx.Argc == 3)
        {
            VsctlBridge bridge = v.FindBridge(ctx.Argv[1], true)!;
            if (port.Bridge != bridge)
            {
                throw new CliException(port.Bridge.Parent == bridge
                    ? $"bridge {ctx.Argv[1]} does not have a port {ctx.Argv[2]} (although its child bridge {port.Bridge.Name} does)"
                    : $"bridge {ctx.Argv[1]} does not have a port {ctx.Argv[2]}");
            }
        }

        v.DelPort(port);
    }

    private static void PortToBr(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        ctx.Output.Append(v.FindPort(ctx.Argv[1], true)!.Bridge.Name).Append('\n');
    }

    private static void ListIfaces(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        VsctlBridge br = v.FindBridge(ctx.Argv[1], true)!;
        v.VerifyPorts();
        var names = new List<string>();
        foreach (VsctlPort port in br.Ports)
        {
            foreach (VsctlIface iface in port.Ifaces)
            {
                string name = v.ReadString(iface.Row, "name");
                if (name != br.Name)
                {
                    names.Add(name);
                }
            }
        }

        OutputSorted(ctx, names);
    }

    private static void IfaceToBr(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        ctx.Output.Append(v.FindIface(ctx.Argv[1], true)!.Port.Bridge.Name).Append('\n');
    }
}
