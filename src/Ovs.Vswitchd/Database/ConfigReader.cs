// Upstream: vswitchd/bridge.c, how bridge_reconfigure() walks ovsrec_open_vswitch -> bridges -> ports ->
// interfaces (OVS 3.1)
//
// Reads the desired state out of the IDL replica into an immutable SwitchConfig. Runs on whichever thread drives
// the IDL (never concurrently with it). Rows that a reference names but the replica does not hold (a transaction
// in flight elsewhere) are skipped, as upstream's IDL only links rows it has.
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;
using Ovs.Vswitchd.Bridges;

namespace Ovs.Vswitchd.Database;

internal static partial class ConfigReader
{
    /// <summary>The columns ovs-vswitchd replicates, per table: what it reads plus what it writes back.</summary>
    public static IReadOnlyList<(string Table, string[] Columns)> Columns { get; } =
    [
        ("Open_vSwitch", ["bridges", "next_cfg", "cur_cfg", "other_config", "ssl", "statistics", "datapath_types", "iface_types", "dpdk_initialized", "dpdk_version"]),
        ("Bridge", ["name", "datapath_type", "ports", "other_config", "datapath_id", "datapath_version", "protocols", "fail_mode", "controller", "flow_tables", "mirrors"]),
        ("Mirror", ["name", "select_all", "select_src_port", "select_dst_port", "select_vlan", "output_port", "output_vlan", "snaplen", "statistics"]),
        ("Flow_Table", ["name", "flow_limit", "overflow_policy", "groups", "prefixes"]),
        ("Port", ["name", "interfaces", "mac", "tag", "trunks", "cvlans", "vlan_mode", "other_config"]),
        ("Interface", ["name", "type", "options", "other_config", "ofport", "ofport_request", "error", "mtu_request", "admin_state", "link_state", "link_resets", "link_speed", "duplex", "mtu", "mac_in_use", "ifindex", "status", "statistics"]),
        ("Controller", ["target", "max_backoff", "inactivity_probe", "connection_mode", "type", "enable_async_messages", "is_connected", "role", "status"]),
        ("SSL", ["private_key", "certificate", "ca_cert", "bootstrap_ca_cert"]),
    ];

    /// <summary>The first Open_vSwitch row (upstream's ovsrec_open_vswitch_first()), or null.</summary>
    public static IdlRow? FirstOpenVswitch(OvsdbIdl idl) => idl.GetTable("Open_vSwitch")?.Rows.FirstOrDefault();

    public static SwitchConfig Read(OvsdbIdl idl)
    {
        if (FirstOpenVswitch(idl) is not { } row)
        {
            return SwitchConfig.Empty;
        }

        var bridges = new List<BridgeConfig>();
        foreach (IdlRow bridge in Refs(idl, "Bridge", row.Get("bridges")))
        {
            var ports = new List<PortConfig>();
            foreach (IdlRow port in Refs(idl, "Port", bridge.Get("ports")))
            {
                var interfaces = new List<InterfaceConfig>();
                foreach (IdlRow iface in Refs(idl, "Interface", port.Get("interfaces")))
                {
                    interfaces.Add(new InterfaceConfig(
                        iface.Uuid,
                        String(iface.Get("name")),
                        String(iface.Get("type")),
                        OptionalInteger(iface.Get("ofport_request")),
                        Map(iface.Get("options")))
                    {
                        MtuRequest = OptionalInteger(iface.Get("mtu_request")),
                        OtherConfig = Map(iface.Get("other_config")),
                    });
                }

                Datum mac = port.Get("mac");
                ports.Add(new PortConfig(port.Uuid, String(port.Get("name")), interfaces)
                {
                    Mac = mac.Count > 0 ? mac.Keys[0].AsString : null,
                    Tag = OptionalInteger(port.Get("tag")),
                    Trunks = Integers(port.Get("trunks")),
                    Cvlans = Integers(port.Get("cvlans")),
                    VlanMode = String(port.Get("vlan_mode")),
                    OtherConfig = Map(port.Get("other_config")),
                });
            }

            bridges.Add(new BridgeConfig(bridge.Uuid, String(bridge.Get("name")), String(bridge.Get("datapath_type")), ports)
            {
                OtherConfig = Map(bridge.Get("other_config")),
                Protocols = Strings(bridge.Get("protocols")),
                FailMode = String(bridge.Get("fail_mode")),
                Controllers = ReadControllers(idl, bridge.Get("controller")),
                FlowTables = ReadFlowTables(idl, bridge.Get("flow_tables")),
                Mirrors = ReadMirrors(idl, bridge.Get("mirrors")),
            });
        }

        return new SwitchConfig(true, Integer(row.Get("next_cfg")), Map(row.Get("other_config")), bridges);
    }

    /// <summary>
    /// A text that changes exactly when <paramref name="config"/> asks for something else. The daemon's own status
    /// writes change the replica without changing this, and must not cause a reconfiguration (upstream's IDL does not
    /// alert on the columns ovs-vswitchd only writes).
    /// </summary>
    public static string Fingerprint(SwitchConfig config)
    {
        var text = new System.Text.StringBuilder();
        text.Append(config.HasRow).Append('|').Append(config.NextCfg).Append('|');
        AppendMap(text, config.OtherConfig);
        foreach (BridgeConfig bridge in config.Bridges)
        {
            text.Append("\nB").Append(bridge.Uuid).Append(' ').Append(bridge.Name).Append(' ').Append(bridge.DatapathType).Append(' ');
            AppendMap(text, bridge.OtherConfig);
            text.Append(string.Join(',', bridge.Protocols)).Append(' ').Append(bridge.FailMode);
            foreach (ControllerConfig controller in bridge.Controllers)
            {
                text.Append("\n C").Append(controller);
            }

            foreach ((long id, FlowTableConfig table) in bridge.FlowTables.OrderBy(static p => p.Key))
            {
                text.Append("\n T").Append(id).Append(' ').Append(table);
            }

            foreach (MirrorConfig mirror in bridge.Mirrors)
            {
                text.Append("\n M").Append(mirror);
            }

            foreach (PortConfig port in bridge.Ports)
            {
                text.Append("\n P").Append(port.Uuid).Append(' ').Append(port.Name).Append(' ').Append(port.Mac).Append(' ').Append(port.VlanFingerprint);
                foreach (InterfaceConfig iface in port.Interfaces)
                {
                    text.Append("\n  I").Append(iface.Uuid).Append(' ').Append(iface.Name).Append(' ').Append(iface.Type)
                        .Append(' ').Append(iface.OfportRequest).Append(' ').Append(iface.MtuRequest).Append(' ');
                    AppendMap(text, iface.Options);
                    AppendMap(text, iface.OtherConfig);
                }
            }
        }

        return text.ToString();

        static void AppendMap(System.Text.StringBuilder text, IReadOnlyDictionary<string, string> map)
        {
            foreach ((string key, string value) in map.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                text.Append(key.Length).Append(':').Append(key).Append('=').Append(value.Length).Append(':').Append(value).Append(',');
            }
        }
    }

    /// <summary>The SSL row the Open_vSwitch row refers to, as (private key, certificate, CA cert, bootstrap).</summary>
    public static (string PrivateKey, string Certificate, string CaCert, bool Bootstrap)? ReadSsl(OvsdbIdl idl)
    {
        if (FirstOpenVswitch(idl) is not { } row || Refs(idl, "SSL", row.Get("ssl")).FirstOrDefault() is not { } ssl)
        {
            return null;
        }

        return (String(ssl.Get("private_key")), String(ssl.Get("certificate")), String(ssl.Get("ca_cert")), ssl.Get("bootstrap_ca_cert").Keys[0].AsBoolean);
    }

    /// <summary>Number of cells in the replica (upstream's "idl-cells" memory fact): rows times columns.</summary>
    public static long CountCells(OvsdbIdl idl)
    {
        long cells = 0;
        foreach (IdlTable table in idl.Tables)
        {
            cells += (long)table.CommittedCount * (table.Schema.Columns.Count - 2);
        }

        return cells;
    }

    private static IEnumerable<IdlRow> Refs(OvsdbIdl idl, string tableName, Datum refs)
    {
        if (idl.GetTable(tableName) is not { } table)
        {
            yield break;
        }

        foreach (Atom atom in refs.Keys.ToArray())
        {
            if (table.Find(atom.AsUuid) is { } row)
            {
                yield return row;
            }
        }
    }

    /// <summary>The Controller rows of a bridge's controller column.</summary>
    private static List<ControllerConfig> ReadControllers(OvsdbIdl idl, Datum column)
    {
        var list = new List<ControllerConfig>();
        foreach (IdlRow row in Refs(idl, "Controller", column))
        {
            Datum enable = row.Get("enable_async_messages");
            list.Add(new ControllerConfig(row.Uuid, String(row.Get("target")))
            {
                MaxBackoff = OptionalInteger(row.Get("max_backoff")),
                InactivityProbe = OptionalInteger(row.Get("inactivity_probe")),
                ConnectionMode = OptionalString(row.Get("connection_mode")),
                Type = OptionalString(row.Get("type")),
                EnableAsyncMessages = enable.Count > 0 ? enable.Keys[0].AsBoolean : null,
            });
        }

        return list;
    }

    /// <summary>The Flow_Table rows of a bridge's flow_tables column, by table number.</summary>
    private static Dictionary<long, FlowTableConfig> ReadFlowTables(OvsdbIdl idl, Datum column)
    {
        var tables = new Dictionary<long, FlowTableConfig>();
        if (idl.GetTable("Flow_Table") is not { } table)
        {
            return tables;
        }

        for (int i = 0; i < column.Count; i++)
        {
            if (table.Find(column.Values[i].AsUuid) is { } row)
            {
                tables[column.Keys[i].AsInteger] = new FlowTableConfig(
                    OptionalString(row.Get("name")),
                    OptionalInteger(row.Get("flow_limit")),
                    String(row.Get("overflow_policy")),
                    Strings(row.Get("groups")),
                    row.Get("prefixes").Count > 0 ? Strings(row.Get("prefixes")) : null);
            }
        }

        return tables;
    }

    private static string? OptionalString(Datum datum) => datum.Count > 0 ? datum.Keys[0].AsString : null;

    private static string String(Datum datum) => datum.Count > 0 ? datum.Keys[0].AsString : string.Empty;

    private static long Integer(Datum datum) => datum.Count > 0 ? datum.Keys[0].AsInteger : 0;

    private static List<string> Strings(Datum datum)
    {
        var list = new List<string>(datum.Count);
        for (int i = 0; i < datum.Count; i++)
        {
            list.Add(datum.Keys[i].AsString);
        }

        return list;
    }

    private static List<long> Integers(Datum datum)
    {
        var list = new List<long>(datum.Count);
        for (int i = 0; i < datum.Count; i++)
        {
            list.Add(datum.Keys[i].AsInteger);
        }

        return list;
    }

    private static long? OptionalInteger(Datum datum) => datum.Count > 0 ? datum.Keys[0].AsInteger : null;

    private static Dictionary<string, string> Map(Datum datum)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < datum.Count; i++)
        {
            map[datum.Keys[i].AsString] = datum.Values[i].AsString;
        }

        return map;
    }
}
