// Upstream: vtep/vtep-ctl.c, struct vtep_ctl_context and its cache (OVS 3.1)
//
// The vtep-ctl commands work on a cache built from the replica: physical switches (the rows Global:switches lists)
// and their ports, keyed "SWITCH+PORT", each port with its VLAN bindings keyed by the VLAN's text; logical switches
// and routers by name, each logical switch with its unicast and multicast MAC entries; and the physical locators,
// keyed "ENCAPSULATION+IP". Duplicate names are skipped with upstream's warnings. Commands that change the
// database either keep the cache current or drop it, and it is rebuilt (from the rows as the transaction sees
// them) by the next command that needs it.
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Common.Logging;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.VtepCtl;

internal sealed class VtepPhysicalSwitch(IdlRow row, string name)
{
    public IdlRow Row { get; } = row;

    public string Name { get; } = name;

    public List<VtepPort> Ports { get; } = [];
}

internal sealed class VtepPort(IdlRow row, string name, VtepPhysicalSwitch physicalSwitch)
{
    public IdlRow Row { get; } = row;

    public string Name { get; } = name;

    public VtepPhysicalSwitch PhysicalSwitch { get; } = physicalSwitch;

    /// <summary>VLAN (as text) to logical switch, in the order the bindings were added.</summary>
    public List<KeyValuePair<string, VtepLogicalSwitch>> Bindings { get; } = [];
}

/// <summary>A multicast MAC entry: its Mcast_Macs_Local or _Remote row, its locator set and that set's locators.</summary>
internal sealed class VtepMcastMac(IdlRow? macRow, IdlRow locatorSet)
{
    public IdlRow? MacRow { get; set; } = macRow;

    public IdlRow LocatorSet { get; set; } = locatorSet;

    public List<IdlRow> Locators { get; } = [];
}

internal sealed class VtepLogicalSwitch(IdlRow row, string name)
{
    public IdlRow Row { get; } = row;

    public string Name { get; } = name;

    public Dictionary<string, IdlRow> UcastLocal { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IdlRow> UcastRemote { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VtepMcastMac> McastLocal { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VtepMcastMac> McastRemote { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IdlRow> Ucast(bool local) => local ? UcastLocal : UcastRemote;

    public Dictionary<string, VtepMcastMac> Mcast(bool local) => local ? McastLocal : McastRemote;
}

internal sealed class VtepContext : CtlContext
{
    private static readonly VlogModule s_log = VlogModule.Get("vtep_ctl");

    private bool _cacheValid;
    private CtlCommand? _portsVerifiedFor;

    public VtepContext(DbCtlEngine engine, OvsdbIdl idl)
        : base(engine, idl)
    {
    }

    /// <summary>The Global row (inserted by the transaction when the table is empty).</summary>
    public IdlRow Global { get; set; } = null!;

    public Dictionary<string, VtepPhysicalSwitch> PhysicalSwitches { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VtepPort> Ports { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VtepLogicalSwitch> LogicalSwitches { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IdlRow> LogicalRouters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IdlRow> Locators { get; } = new(StringComparer.Ordinal);

    public override void InvalidateCache() => _cacheValid = false;

    public ColumnSchema Column(string table, string column) => Engine.Schema.GetTable(table)!.GetColumn(column)!;

    public Datum Read(IdlRow row, string column) => DbCtlEngine.Read(row, Column(row.Table.Name, column));

    public string ReadString(IdlRow row, string column)
    {
        Datum d = Read(row, column);
        return d.Count > 0 ? d.Keys[0].AsString : string.Empty;
    }

    /// <summary>The value of an optional string column, or null when it is empty.</summary>
    public string? ReadOptionalString(IdlRow row, string column)
    {
        Datum d = Read(row, column);
        return d.Count > 0 ? d.Keys[0].AsString : null;
    }

    public IdlRow? FindRow(string table, Guid uuid) => DbCtlEngine.FindRow(this, Engine.Schema.GetTable(table)!, uuid);

    /// <summary>The rows a reference column points to (that exist), in the column's order.</summary>
    public List<IdlRow> ReadRefs(IdlRow row, string column)
    {
        ColumnSchema schema = Column(row.Table.Name, column);
        string refTable = schema.Type.Key.RefTableName!;
        var rows = new List<IdlRow>();
        foreach (Atom atom in Read(row, column).Keys)
        {
            if (FindRow(refTable, atom.AsUuid) is { } target)
            {
                rows.Add(target);
            }
        }

        return rows;
    }

    public IdlRow? ReadRef(IdlRow row, string column) => ReadRefs(row, column) is [var first, ..] ? first : null;

    public void Write(IdlRow row, string column, Datum value) => DbCtlEngine.Write(this, row, Column(row.Table.Name, column), value);

    public void Verify(IdlRow row, string column) => DbCtlEngine.Verify(this, row, Column(row.Table.Name, column));

    public IdlRow Insert(string table) => DbCtlEngine.Insert(this, Engine.Schema.GetTable(table)!);

    public void Delete(IdlRow row) => Transaction.Delete(row);

    public IEnumerable<IdlRow> AllRows(string table) => DbCtlEngine.Rows(this, Engine.Schema.GetTable(table)!);

    public static Datum Str(string s) => Datum.Scalar(Atom.String(s));

    public static Datum Ref(IdlRow row) => Datum.Scalar(Atom.Uuid(row.Uuid));

    public static Datum Refs(IEnumerable<IdlRow> rows) => Datum.CreateSet(rows.Select(r => Atom.Uuid(r.Uuid)));

    public static string PortKey(string physicalSwitch, string port) => physicalSwitch + "+" + port;

    public static string LocatorKey(string encapsulation, string ip) => encapsulation + "+" + ip;

    public void PopulateCache()
    {
        if (_cacheValid)
        {
            return;
        }

        _cacheValid = true;
        PhysicalSwitches.Clear();
        Ports.Clear();
        LogicalSwitches.Clear();
        LogicalRouters.Clear();
        Locators.Clear();

        List<IdlRow> switches = ReadRefs(Global, "switches");
        foreach (IdlRow psRow in switches)
        {
            string name = ReadString(psRow, "name");
            if (PhysicalSwitches.ContainsKey(name))
            {
                s_log.Warn($"{name}: database contains duplicate physical switch name");
                continue;
            }

            PhysicalSwitches[name] = new VtepPhysicalSwitch(psRow, name);
        }

        foreach (IdlRow lsRow in AllRows("Logical_Switch"))
        {
            string name = ReadString(lsRow, "name");
            if (!LogicalSwitches.TryAdd(name, new VtepLogicalSwitch(lsRow, name)))
            {
                s_log.Warn($"{name}: database contains duplicate logical switch name");
            }
        }

        foreach (IdlRow lrRow in AllRows("Logical_Router"))
        {
            string name = ReadString(lrRow, "name");
            if (!LogicalRouters.TryAdd(name, lrRow))
            {
                s_log.Warn($"{name}: database contains duplicate logical router name");
            }
        }

        foreach (bool local in new[] { true, false })
        {
            foreach (IdlRow mac in AllRows(local ? "Ucast_Macs_Local" : "Ucast_Macs_Remote"))
            {
                if (MacSwitch(mac) is not { } ls)
                {
                    continue;
                }

                if (ReadRef(mac, "locator") is { } locator)
                {
                    AddLocator(locator);
                }

                ls.Ucast(local).TryAdd(ReadString(mac, "MAC"), mac);
            }
        }

        foreach (bool local in new[] { true, false })
        {
            foreach (IdlRow mac in AllRows(local ? "Mcast_Macs_Local" : "Mcast_Macs_Remote"))
            {
                if (MacSwitch(mac) is not { } ls || ReadRef(mac, "locator_set") is not { } set)
                {
                    continue;
                }

                AddMcastMac(ls, ReadString(mac, "MAC"), set, local).MacRow = mac;
            }
        }

        foreach (IdlRow tunnel in AllRows("Tunnel"))
        {
            foreach (string end in new[] { "local", "remote" })
            {
                if (ReadRef(tunnel, end) is { } locator)
                {
                    AddLocator(locator);
                }
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (IdlRow psRow in switches)
        {
            string psName = ReadString(psRow, "name");
            if (!seen.Add(psName))
            {
                continue;
            }

            VtepPhysicalSwitch ps = PhysicalSwitches[psName];
            foreach (IdlRow portRow in ReadRefs(psRow, "ports"))
            {
                VtepPort port = AddPort(ps, portRow);
                Datum bindings = Read(portRow, "vlan_bindings");
                for (int i = 0; i < bindings.Count; i++)
                {
                    string vlan = bindings.Keys[i].AsInteger.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (port.Bindings.Exists(b => b.Key == vlan))
                    {
                        throw new CliException($"multiple bindings for vlan {vlan}");
                    }

                    IdlRow? lsRow = FindRow("Logical_Switch", bindings.Values[i].AsUuid);
                    string lsName = lsRow is null ? string.Empty : ReadString(lsRow, "name");
                    port.Bindings.Add(new(vlan, FindLogicalSwitch(lsName, true)!));
                }
            }
        }
    }

    private VtepLogicalSwitch? MacSwitch(IdlRow mac) =>
        ReadRef(mac, "logical_switch") is { } lsRow ? FindLogicalSwitch(ReadString(lsRow, "name"), false) : null;

    public void AddLocator(IdlRow locator) =>
        Locators.TryAdd(LocatorKey(ReadString(locator, "encapsulation_type"), ReadString(locator, "dst_ip")), locator);

    public VtepMcastMac AddMcastMac(VtepLogicalSwitch ls, string mac, IdlRow locatorSet, bool local)
    {
        var entry = new VtepMcastMac(null, locatorSet);
        ls.Mcast(local).TryAdd(mac, entry);
        foreach (IdlRow locator in ReadRefs(locatorSet, "locators"))
        {
            entry.Locators.Add(locator);
            AddLocator(locator);
        }

        return entry;
    }

    public VtepPort AddPort(VtepPhysicalSwitch ps, IdlRow portRow)
    {
        var port = new VtepPort(portRow, ReadString(portRow, "name"), ps);
        ps.Ports.Add(port);
        Ports.TryAdd(PortKey(ps.Name, port.Name), port);
        return port;
    }

    public VtepPhysicalSwitch? FindPhysicalSwitch(string name, bool mustExist)
    {
        PhysicalSwitches.TryGetValue(name, out VtepPhysicalSwitch? ps);
        if (mustExist && ps is null)
        {
            throw new CliException($"no physical switch named {name}");
        }

        Verify(Global, "switches");
        return ps;
    }

    public VtepPort? FindPort(string physicalSwitch, string name, bool mustExist)
    {
        Ports.TryGetValue(PortKey(physicalSwitch, name), out VtepPort? port);
        if (port is not null && port.PhysicalSwitch.Name == name)
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

    private void VerifyPorts()
    {
        if (_portsVerifiedFor == Command)
        {
            return;
        }

        Verify(Global, "switches");
        foreach (IdlRow ps in AllRows("Physical_Switch"))
        {
            Verify(ps, "ports");
        }

        _portsVerifiedFor = Command;
    }

    public VtepLogicalSwitch? FindLogicalSwitch(string name, bool mustExist)
    {
        LogicalSwitches.TryGetValue(name, out VtepLogicalSwitch? ls);
        if (mustExist && ls is null)
        {
            throw new CliException($"no logical switch named {name}");
        }

        return ls;
    }

    public IdlRow? FindLogicalRouter(string name, bool mustExist)
    {
        LogicalRouters.TryGetValue(name, out IdlRow? lr);
        if (mustExist && lr is null)
        {
            throw new CliException($"no logical router named {name}");
        }

        return lr;
    }

    public IdlRow? FindLocator(string encapsulation, string ip) => Locators.GetValueOrDefault(LocatorKey(encapsulation, ip));
}
