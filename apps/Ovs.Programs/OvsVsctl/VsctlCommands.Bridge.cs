// Upstream: utilities/ovs-vsctl.c, the bridge commands (OVS 3.1)
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.OvsVsctl;

internal static partial class VsctlCommands
{
    private static void AddBr(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        bool mayExist = ctx.Options.Contains("--may-exist");
        string brName = ctx.Argv[1];
        if (brName.Length == 0)
        {
            throw new CliException("bridge name must not be empty string");
        }

        string? parentName = null;
        int vlan = 0;
        if (ctx.Argc == 4)
        {
            parentName = ctx.Argv[2];
            vlan = Cli.Tables.TableOptions.AtoI(ctx.Argv[3]);
            if (vlan is < 0 or > 4095)
            {
                throw new CliException($"{ctx.Argv[0]}: vlan must be between 0 and 4095");
            }
        }
        else if (ctx.Argc != 2)
        {
            throw new CliException($"'{ctx.Argv[0]}' command takes exactly 1 or 3 arguments");
        }

        v.PopulateCache();
        if (mayExist && v.FindBridge(brName, false) is { } existing)
        {
            if (parentName is null)
            {
                if (existing.Parent is not null)
                {
                    throw new CliException($"\"--may-exist add-br {brName}\" but {brName} is a VLAN bridge for VLAN {existing.Vlan}");
                }
            }
            else if (existing.Parent is null)
            {
                throw new CliException($"\"--may-exist add-br {brName} {parentName} {vlan}\" but {brName} is not a VLAN bridge");
            }
            else if (existing.Parent.Name != parentName)
            {
                throw new CliException($"\"--may-exist add-br {brName} {parentName} {vlan}\" but {brName} has the wrong parent {existing.Parent.Name}");
            }
            else if (existing.Vlan != vlan)
            {
                throw new CliException($"\"--may-exist add-br {brName} {parentName} {vlan}\" but {brName} is a VLAN bridge for the wrong VLAN {existing.Vlan}");
            }

            return;
        }

        v.CheckConflicts(brName, $"cannot create a bridge named {brName}");
        IdlRow iface;
        if (parentName is null)
        {
            iface = v.Insert("Interface");
            v.Write(iface, "name", VsctlContext.Str(brName));
            v.Write(iface, "type", VsctlContext.Str("internal"));
            IdlRow port = v.Insert("Port");
            v.Write(port, "name", VsctlContext.Str(brName));
            v.Write(port, "interfaces", VsctlContext.Refs([iface]));
            IdlRow br = v.Insert("Bridge");
            v.Write(br, "name", VsctlContext.Str(brName));
            v.Write(br, "ports", VsctlContext.Refs([port]));
            v.OvsInsertBridge(br);
        }
        else
        {
            VsctlBridge? parent = v.FindBridge(parentName, false);
            if (parent?.Parent is not null)
            {
                throw new CliException("cannot create bridge with fake bridge as parent");
            }

            if (parent is null)
            {
                throw new CliException($"parent bridge {parentName} does not exist");
            }

            if (parent.Children.TryGetValue(vlan, out VsctlBridge? conflict))
            {
                throw new CliException($"bridge {parentName} already has a child VLAN bridge {conflict.Name} on VLAN {vlan}");
            }

            iface = v.Insert("Interface");
            v.Write(iface, "name", VsctlContext.Str(brName));
            v.Write(iface, "type", VsctlContext.Str("internal"));
            IdlRow port = v.Insert("Port");
            v.Write(port, "name", VsctlContext.Str(brName));
            v.Write(port, "interfaces", VsctlContext.Refs([iface]));
            v.Write(port, "fake_bridge", Datum.Scalar(Atom.Boolean(true)));
            v.Write(port, "tag", Datum.Scalar(Atom.Integer(vlan)));
            v.BridgeInsertPort(parent.Row!, port);
        }

        v.NewIfaces.Add(iface.Uuid);
        v.InvalidateCache();
    }

    private static void DelBr(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        if (v.FindBridge(ctx.Argv[1], !ctx.Options.Contains("--if-exists")) is { } bridge)
        {
            v.DelBridge(bridge);
        }
    }

    private static void ListBr(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        bool real = ctx.Options.Contains("--real");
        bool fake = ctx.Options.Contains("--fake");
        if (!real && !fake)
        {
            real = fake = true;
        }

        v.PopulateCache();
        var names = new List<string>();
        foreach (VsctlBridge br in v.Bridges.Values)
        {
            if (br.Parent is not null ? fake : real)
            {
                names.Add(br.Name);
            }
        }

        OutputSorted(ctx, names);
    }

    private static void BrExists(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        if (v.FindBridge(ctx.Argv[1], false) is null)
        {
            throw new CtlExitException(2);
        }
    }

    private static void BrToVlan(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        ctx.Output.Append(v.FindBridge(ctx.Argv[1], true)!.Vlan).Append('\n');
    }

    private static void BrToParent(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        ctx.Output.Append(v.FindBridge(ctx.Argv[1], true)!.Real.Name).Append('\n');
    }

    private static Datum SetExternalId(Datum old, string key, string? value)
    {
        Datum removed = old.Subtract(Datum.CreateSet([Atom.String(key)]));
        return value is null ? removed : Datum.Pair(Atom.String(key), Atom.String(value)).Union(removed);
    }

    private static void BrSetExternalId(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        VsctlBridge bridge = v.FindBridge(ctx.Argv[1], true)!;
        string? value = ctx.Argc >= 4 ? ctx.Argv[3] : null;
        if (bridge.Row is { } row)
        {
            Datum updated = SetExternalId(v.Read(row, "external_ids"), ctx.Argv[2], value);
            v.Verify(row, "external_ids");
            v.Write(row, "external_ids", updated);
        }
        else
        {
            IdlRow port = v.Ports[ctx.Argv[1]].Row;
            Datum updated = SetExternalId(v.Read(port, "external_ids"), "fake-bridge-" + ctx.Argv[2], value);
            v.Verify(port, "external_ids");
            v.Write(port, "external_ids", updated);
        }
    }

    private static void GetExternalId(CtlContext ctx, Datum map, string prefix, string? key)
    {
        if (key is not null)
        {
            if (map.TryGetValue(Atom.String(prefix + key), out Atom value))
            {
                ctx.Output.Append(value.AsString).Append('\n');
            }

            return;
        }

        for (int i = 0; i < map.Count; i++)
        {
            string k = map.Keys[i].AsString;
            if (k.StartsWith(prefix, StringComparison.Ordinal))
            {
                ctx.Output.Append(k.AsSpan(prefix.Length)).Append('=').Append(map.Values[i].AsString).Append('\n');
            }
        }
    }

    private static void BrGetExternalId(CtlContext ctx)
    {
        VsctlContext v = V(ctx);
        v.PopulateCache();
        VsctlBridge bridge = v.FindBridge(ctx.Argv[1], true)!;
        string? key = ctx.Argc >= 3 ? ctx.Argv[2] : null;
        if (bridge.Row is { } row)
        {
            v.Verify(row, "external_ids");
            GetExternalId(ctx, v.Read(row, "external_ids"), string.Empty, key);
        }
        else
        {
            IdlRow port = v.Ports[ctx.Argv[1]].Row;
            v.Verify(port, "external_ids");
            GetExternalId(ctx, v.Read(port, "external_ids"), "fake-bridge-", key);
        }
    }
}
