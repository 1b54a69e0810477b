// Upstream: utilities/ovs-vsctl.c, struct vsctl_context and its bridge/port/interface cache (OVS 3.1)
//
// The bridge commands work on a cache built from the replica: real bridges (Bridge rows listed in
// Open_vSwitch:bridges), fake bridges (ports with fake_bridge=true and a VLAN tag), ports and interfaces, each by
// name. Duplicate names are skipped with upstream's warnings. The cache is rebuilt after any generic command
// changed rows, and commands keep it current as they add and delete.
using Ovs.Cli.DbCtl;
using Ovs.Common.Logging;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.OvsVsctl;

internal sealed class VsctlBridge(IdlRow? row, string name, VsctlBridge? parent, int vlan)
{
    public IdlRow? Row { get; } = row;

    public string Name { get; } = name;

    public VsctlBridge? Parent { get; } = parent;

    public int Vlan { get; } = vlan;

    public List<VsctlPort> Ports { get; } = [];

    public Dictionary<int, VsctlBridge> Children { get; } = [];

    /// <summary>The real bridge: this one, or the parent of a fake bridge.</summary>
    public VsctlBridge Real => Parent ?? this;
}

internal sealed class VsctlPort(IdlRow row, VsctlBridge bridge)
{
    public IdlRow Row { get; } = row;

    public VsctlBridge Bridge { get; } = bridge;

    public List<VsctlIface> Ifaces { get; } = [];
}

internal sealed class VsctlIface(IdlRow row, VsctlPort port)
{
    public IdlRow Row { get; } = row;

    public VsctlPort Port { get; } = port;
}

internal sealed partial class VsctlContext : CtlContext
{
    private static readonly VlogModule s_log = VlogModule.Get("vsctl");

    private bool _cacheValid;

    public VsctlContext(DbCtlEngine engine, OvsdbIdl idl)
        : base(engine, idl)
    {
    }

    /// <summary>The Open_vSwitch row (inserted by the transaction when the table is empty).</summary>
    public IdlRow Ovs { get; set; } = null!;

    public bool VerifiedPorts { get; set; }

    public Dictionary<string, VsctlBridge> Bridges { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VsctlPort> Ports { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VsctlIface> Ifaces { get; } = new(StringComparer.Ordinal);

    /// <summary>UUIDs of interfaces this transaction inserted, checked after --wait (post_db_reload_expect_iface).</summary>
    public List<Guid> NewIfaces { get; } = [];

    public override void InvalidateCache() => _cacheValid = false;

    public TableSchema Schema(string name) => Engine.Schema.GetTable(name)!;

    public ColumnSchema Column(string table, string column) => Schema(table).GetColumn(column)!;

    public Datum Read(IdlRow row, string column) => DbCtlEngine.Read(row, Column(row.Table.Name, column));

    public string ReadString(IdlRow row, string column)
    {
        Datum d = Read(row, column);
        return d.Count > 0 ? d.Keys[0].AsString : string.Empty;
    }

    public List<IdlRow> ReadRefs(IdlRow row, string column, string refTable)
    {
        TableSchema table = Schema(refTable);
        var rows = new List<IdlRow>();
        foreach (Atom atom in Read(row, column).Keys)
        {
            if (DbCtlEngine.FindRow(this, table, atom.AsUuid) is { } target)
            {
                rows.Add(target);
            }
        }

        return rows;
    }

    public void Write(IdlRow row, string column, Datum value) => DbCtlEngine.Write(this, row, Column(row.Table.Name, column), value);

    /// <summary>The server's schema for <paramref name="column"/> of <paramref name="row"/> (for partial updates).</summary>
    public ColumnSchema ServerColumn(IdlRow row, string column) => DbCtlEngine.ServerColumn(row, Column(row.Table.Name, column));

    public void Verify(IdlRow row, string column) => DbCtlEngine.Verify(this, row, Column(row.Table.Name, column));

    public IdlRow Insert(string table) => DbCtlEngine.Insert(this, Schema(table));

    public void Delete(IdlRow row) => Transaction.Delete(row);

    public IEnumerable<IdlRow> AllRows(string table) => DbCtlEngine.Rows(this, Schema(table));

    public static Datum Str(string s) => Datum.Scalar(Atom.String(s));

    public static Datum Refs(IEnumerable<IdlRow> rows) => Datum.CreateSet(rows.Select(r => Atom.Uuid(r.Uuid)));

    public void PopulateCache()
    {
        if (_cacheValid)
        {
            return;
        }

        _cacheValid = true;
        Bridges.Clear();
        Ports.Clear();
        Ifaces.Clear();
        var bridgeNames = new HashSet<string>(StringComparer.Ordinal);
        var portNames = new HashSet<string>(StringComparer.Ordinal);
        List<IdlRow> bridges = [.. ReadRefs(Ovs, "bridges", "Bridge")];
        foreach (IdlRow brRow in bridges)
        {
            string name = ReadString(brRow, "name");
            if (!bridgeNames.Add(name))
            {
                s_log.Warn($"{name}: database contains duplicate bridge name");
                continue;
            }

            VsctlBridge br = AddBridge(brRow, name, null, 0);
            foreach (IdlRow portRow in ReadRefs(brRow, "ports", "Port"))
            {
                string portName = ReadString(portRow, "name");
                if (!portNames.Add(portName))
                {
                    continue;
                }

                if (IsFakeBridge(portRow, out int tag) && bridgeNames.Add(portName))
                {
                    AddBridge(null, portName, br, tag);
                }
            }
        }

        bridgeNames.Clear();
        foreach (IdlRow brRow in bridges)
        {
            string name = ReadString(brRow, "name");
            if (!bridgeNames.Add(name))
            {
                continue;
            }

            VsctlBridge br = Bridges[name];
            foreach (IdlRow portRow in ReadRefs(brRow, "ports", "Port"))
            {
                string portName = ReadString(portRow, "name");
                if (Ports.TryGetValue(portName, out VsctlPort? existing))
                {
                    if (existing.Row == portRow)
                    {
                        s_log.Warn($"{portName}: port is in multiple bridges ({br.Name} and {existing.Bridge.Name})");
                    }
                    else
                    {
                        s_log.Err($"{portName}: database contains duplicate port name");
                    }

                    continue;
                }

                if (IsFakeBridge(portRow, out _) && !bridgeNames.Add(portName))
                {
                    continue;
                }

                VsctlPort port = AddPort(br, portRow);
                foreach (IdlRow ifaceRow in ReadRefs(portRow, "interfaces", "Interface"))
                {
                    string ifaceName = ReadString(ifaceRow, "name");
                    if (Ifaces.TryGetValue(ifaceName, out VsctlIface? other))
                    {
                        if (other.Row == ifaceRow)
                        {
                            s_log.Warn($"{ifaceName}: interface is in multiple ports ({ReadString(other.Port.Row, "name")} and {portName})");
                        }
                        else
                        {
                            s_log.Err($"{ifaceName}: database contains duplicate interface name");
                        }

                        continue;
                    }

                    AddIface(port, ifaceRow);
                }
            }
        }
    }

    private bool IsFakeBridge(IdlRow port, out int tag)
    {
        tag = 0;
        Datum fake = Read(port, "fake_bridge");
        return fake.Count > 0 && fake.Keys[0].AsBoolean && TryGetTag(port, out tag);
    }

    public bool TryGetTag(IdlRow port, out int tag)
    {
        Datum t = Read(port, "tag");
        tag = t.Count > 0 ? (int)t.Keys[0].AsInteger : 0;
        return t.Count > 0 && t.Keys[0].AsInteger is >= 0 and <= 4095;
    }

    public VsctlBridge AddBridge(IdlRow? row, string name, VsctlBridge? parent, int vlan)
    {
        var br = new VsctlBridge(row, name, parent, vlan);
        if (parent is not null)
        {
            if (parent.Children.TryGetValue(vlan, out VsctlBridge? conflict))
            {
                s_log.Warn($"{parent.Name}: bridge has multiple VLAN bridges ({name} and {conflict.Name}) for VLAN {vlan}, but only one is allowed");
            }
            else
            {
                parent.Children[vlan] = br;
            }
        }

        Bridges[name] = br;
        return br;
    }

    public VsctlPort AddPort(VsctlBridge parent, IdlRow row)
    {
        if (TryGetTag(row, out int tag) && parent.Children.TryGetValue(tag, out VsctlBridge? vlanBridge))
        {
            parent = vlanBridge;
        }

        var port = new VsctlPort(row, parent);
        parent.Ports.Add(port);
        Ports[ReadString(row, "name")] = port;
        return port;
    }

    public VsctlIface AddIface(VsctlPort port, IdlRow row)
    {
        var iface = new VsctlIface(row, port);
        port.Ifaces.Add(iface);
        Ifaces[ReadString(row, "name")] = iface;
        return iface;
    }
}
