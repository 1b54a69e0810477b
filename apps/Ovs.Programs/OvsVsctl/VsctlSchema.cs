// Upstream: utilities/ovs-vsctl.c, tables[] (row identification) and cmd_show_tables[]; vswitchd/vswitch.ovsschema
//
// The schema ovs-vsctl was built with (compiled into code, as upstream compiles it into the IDL class), how each table's
// rows may be named on the command line, and what "show" prints.
using Ovs.Cli.DbCtl;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsVsctl;

internal static class VsctlSchema
{
    /// <summary>The schema, compiled in at build time from vswitch.ovsschema (see tools/Ovs.Ovsdb.IdlGenerator).</summary>
    public static DatabaseSchema Load() => VswitchIdl.Create();

    public static Dictionary<string, CtlRowId[]> RowIds { get; } = new(StringComparer.Ordinal)
    {
        ["Bridge"] = [new("Bridge", "name")],
        ["Controller"] = [new("Bridge", "name", null, "controller")],
        ["Interface"] = [new("Interface", "name")],
        ["Mirror"] = [new("Mirror", "name")],
        ["Manager"] = [new("Manager", "target")],
        ["NetFlow"] = [new("Bridge", "name", null, "netflow")],
        ["Port"] = [new("Port", "name")],
        ["QoS"] = [new("Port", "name", null, "qos")],
        ["sFlow"] = [new("Bridge", "name", null, "sflow")],
        ["Flow_Table"] = [new("Flow_Table", "name")],
        ["IPFIX"] = [new("Bridge", "name", null, "ipfix")],
        ["AutoAttach"] = [new("Bridge", "name", null, "auto_attach")],
        ["Flow_Sample_Collector_Set"] = [new("Flow_Sample_Collector_Set", "id")],
    };

    public static CtlShowTable[] ShowTables { get; } =
    [
        new("Open_vSwitch", null, ["manager_options", "bridges", "ovs_version"]),
        new("Bridge", "name", ["controller", "fail_mode", "datapath_type", "ports"]),
        new("Port", "name", ["tag", "trunks", "interfaces"]),
        new("Interface", "name", ["type", "options", "error", "bfd_status"]),
        new("Controller", "target", ["is_connected"]),
        new("Manager", "target", ["is_connected"]),
    ];
}
