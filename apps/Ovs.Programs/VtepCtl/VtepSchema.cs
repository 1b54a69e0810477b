// Upstream: vtep/vtep-ctl.c, tables[] (row identification) and cmd_show_tables[]; vtep/vtep.ovsschema (OVS 3.1)
//
// The schema vtep-ctl was built with (compiled into code, as upstream compiles it into the IDL class), how each table's rows
// may be named on the command line, and what "show" prints.
using Ovs.Cli.DbCtl;
using Ovs.Ovsdb;

namespace Ovs.Programs.VtepCtl;

internal static class VtepSchema
{
    /// <summary>The schema, compiled in at build time from vtep.ovsschema (see tools/Ovs.Ovsdb.IdlGenerator).</summary>
    public static DatabaseSchema Load() => VtepIdl.Create();

    public static Dictionary<string, CtlRowId[]> RowIds { get; } = new(StringComparer.Ordinal)
    {
        ["Logical_Switch"] = [new("Logical_Switch", "name")],
        ["Manager"] = [new("Manager", "target")],
        ["Physical_Port"] = [new("Physical_Port", "name")],
        ["Physical_Switch"] = [new("Physical_Switch", "name")],
        ["Logical_Router"] = [new("Logical_Router", "name")],
    };

    public static CtlShowTable[] ShowTables { get; } =
    [
        new("Global", null, ["managers", "switches"]),
        new("Manager", "target", ["is_connected"]),
        new("Physical_Switch", "name", ["management_ips", "tunnel_ips", "ports"]),
        new("Physical_Port", "name", ["vlan_bindings"]),
        new("Logical_Switch", "name", []),
    ];
}
