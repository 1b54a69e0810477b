// Upstream: utilities/ovs-vsctl.c, find_bridge(), find_port(), check_conflicts() and the cache edits (OVS 3.1)
using Ovs.Cli;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.OvsVsctl;

internal sealed partial class VsctlContext
{
    /// <summary>Makes the commit fail if any bridge, port or interface list changed meanwhile.</summary>
    public void VerifyPorts()
    {
        if (VerifiedPorts)
        {
            return;
        }

        Verify(Ovs, "bridges");
        foreach (IdlRow bridge in AllRows("Bridge"))
        {
            Verify(bridge, "ports");
        }

        foreach (IdlRow port in AllRows("Port"))
        {
            Verify(port, "interfaces");
        }

        VerifiedPorts = true;
    }

    public void CheckConflicts(string name, string message)
    {
        VerifyPorts();
        if (Bridges.ContainsKey(name))
        {
            throw new CliException($"{message} because a bridge named {name} already exists");
        }

        if (Ports.TryGetValue(name, out VsctlPort? port))
        {
            throw new CliException($"{message} because a port named {name} already exists on bridge {port.Bridge.Name}");
        }

        if (Ifaces.TryGetValue(name, out VsctlIface? iface))
        {
            throw new CliException($"{message} because an interface named {name} already exists on bridge {iface.Port.Bridge.Name}");
        }
    }

    public VsctlBridge? FindBridge(string name, bool mustExist)
    {
        Bridges.TryGetValue(name, out VsctlBridge? br);
        if (mustExist && br is null)
        {
            throw new CliException($"no bridge named {name}");
        }

        Verify(Ovs, "bridges");
        return br;
    }

    public VsctlBridge? FindRealBridge(string name, bool mustExist)
    {
        VsctlBridge? br = FindBridge(name, mustExist);
        if (br?.Parent is not null)
        {
            throw new CliException($"{name} is a fake bridge");
        }

        return br;
    }

    public VsctlPort? FindPort(string name, bool mustExist)
    {
        Ports.TryGetValue(name, out VsctlPort? port);
        if (port is not null && name == port.Bridge.Name)
        {
            port = null;
        }

        if (mustExist && port is null)
        {
            throw new CliException($"no port named {name}");
        }

        VerifyPorts();
        return port;
    }

    public VsctlIface? FindIface(string name, bool mustExist)
    {
        Ifaces.TryGetValue(name, out VsctlIface? iface);
        if (iface is not null && name == iface.Port.Bridge.Name)
        {
            iface = null;
        }

        if (mustExist && iface is null)
        {
            throw new CliException($"no interface named {name}");
        }

        VerifyPorts();
        return iface;
    }

    private void AddRef(IdlRow row, string column, IdlRow target) =>
        Write(row, column, Read(row, column).Union(Datum.Scalar(Atom.Uuid(target.Uuid))));

    private void RemoveRef(IdlRow row, string column, IdlRow target) =>
        Write(row, column, Read(row, column).Subtract(Datum.Scalar(Atom.Uuid(target.Uuid))));

    public void BridgeInsertPort(IdlRow bridge, IdlRow port) => AddRef(bridge, "ports", port);

    public void BridgeDeletePort(IdlRow bridge, IdlRow port) => RemoveRef(bridge, "ports", port);

    public void OvsInsertBridge(IdlRow bridge) => AddRef(Ovs, "bridges", bridge);

    public void OvsDeleteBridge(IdlRow bridge) => RemoveRef(Ovs, "bridges", bridge);

    public void DelCachedIface(VsctlIface iface)
    {
        iface.Port.Ifaces.Remove(iface);
        Ifaces.Remove(ReadString(iface.Row, "name"));
        Delete(iface.Row);
    }

    public void DelPort(VsctlPort port)
    {
        BridgeDeletePort(port.Bridge.Real.Row!, port.Row);
        foreach (VsctlIface iface in port.Ifaces.ToList())
        {
            DelCachedIface(iface);
        }

        port.Bridge.Ports.Remove(port);
        Ports.Remove(ReadString(port.Row, "name"));
        Delete(port.Row);
    }

    public void DelBridge(VsctlBridge br)
    {
        foreach (VsctlBridge child in br.Children.Values.ToList())
        {
            DelBridge(child);
        }

        foreach (VsctlPort port in br.Ports.ToList())
        {
            DelPort(port);
        }

        foreach (IdlRow fscset in AllRows("Flow_Sample_Collector_Set").ToList())
        {
            if (br.Row is not null && Read(fscset, "bridge") is { Count: 1 } target && target.Keys[0].AsUuid == br.Row.Uuid)
            {
                Delete(fscset);
            }
        }

        br.Parent?.Children.Remove(br.Vlan);
        if (br.Row is not null)
        {
            Delete(br.Row);
            OvsDeleteBridge(br.Row);
        }

        Bridges.Remove(br.Name);
    }
}
