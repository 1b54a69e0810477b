// Upstream: utilities/ovs-vsctl.c, vsctl_commands[] (OVS 3.1)
//
// ovs-vsctl's own commands. Every handler gets the shared CtlContext, which for this program is a VsctlContext.
// Prerequisites register the columns a command reads, before connecting, as upstream's do: what is replicated
// decides what the commands see and the order in which rows are listed.
using Ovs.Cli.DbCtl;

namespace Ovs.Programs.OvsVsctl;

internal static partial class VsctlCommands
{
    private const CtlMode RO = CtlMode.ReadOnly;
    private const CtlMode RW = CtlMode.ReadWrite;

    public static CtlCommandSyntax[] Table { get; } =
    [
        new("init", 0, 0, "", null, Init, null, "", RW),
        new("add-br", 1, 3, "NEW-BRIDGE [PARENT] [NEW-VLAN]", PreGetInfo, AddBr, null, "--may-exist", RW),
        new("del-br", 1, 1, "BRIDGE", PreGetInfo, DelBr, null, "--if-exists", RW),
        new("list-br", 0, 0, "", PreGetInfo, ListBr, null, "--real,--fake", RO),
        new("br-exists", 1, 1, "BRIDGE", PreGetInfo, BrExists, null, "", RO),
        new("br-to-vlan", 1, 1, "BRIDGE", PreGetInfo, BrToVlan, null, "", RO),
        new("br-to-parent", 1, 1, "BRIDGE", PreGetInfo, BrToParent, null, "", RO),
        new("br-set-external-id", 2, 3, "BRIDGE KEY [VALUE]", PreBrExternalId, BrSetExternalId, null, "", RW),
        new("br-get-external-id", 1, 2, "BRIDGE [KEY]", PreBrExternalId, BrGetExternalId, null, "", RO),
        new("list-ports", 1, 1, "BRIDGE", PreGetInfo, ListPorts, null, "", RO),
        new("add-port", 2, int.MaxValue, "BRIDGE NEW-PORT [COLUMN[:KEY]=VALUE]...", PreGetInfo, AddPort, null, "--may-exist", RW),
        new("del-port", 1, 2, "[BRIDGE] PORT|IFACE", PreGetInfo, DelPort, null, "--if-exists,--with-iface", RW),
        new("port-to-br", 1, 1, "PORT", PreGetInfo, PortToBr, null, "", RO),
        new("add-bond", 4, int.MaxValue, "BRIDGE BOND IFACE... [COLUMN[:KEY]=VALUE]...", PreGetInfo, AddBond, null, "--may-exist,--fake-iface", RW),
        new("add-bond-iface", 2, 2, "BOND IFACE", PreGetInfo, AddBondIface, null, "--may-exist", RW),
        new("del-bond-iface", 1, 2, "[BOND] IFACE", PreGetInfo, DelBondIface, null, "--if-exists", RW),
        new("list-ifaces", 1, 1, "BRIDGE", PreGetInfo, ListIfaces, null, "", RO),
        new("iface-to-br", 1, 1, "IFACE", PreGetInfo, IfaceToBr, null, "", RO),
        new("get-controller", 1, 1, "BRIDGE", PreController, GetController, null, "", RO),
        new("del-controller", 1, 1, "BRIDGE", PreController, DelController, null, "", RW),
        new("set-controller", 1, int.MaxValue, "BRIDGE TARGET...", PreController, SetController, null, "--inactivity-probe=", RW),
        new("get-fail-mode", 1, 1, "BRIDGE", PreGetInfo, GetFailMode, null, "", RO),
        new("del-fail-mode", 1, 1, "BRIDGE", PreGetInfo, DelFailMode, null, "", RW),
        new("set-fail-mode", 2, 2, "BRIDGE MODE", PreGetInfo, SetFailMode, null, "", RW),
        new("get-manager", 0, 0, "", PreManager, GetManager, null, "", RO),
        new("del-manager", 0, 0, "", PreManager, DelManager, null, "", RW),
        new("set-manager", 1, int.MaxValue, "TARGET...", PreManager, SetManager, null, "--inactivity-probe=", RW),
        new("get-ssl", 0, 0, "", PreGetSsl, GetSsl, null, "", RO),
        new("del-ssl", 0, 0, "", PreSsl, DelSsl, null, "", RW),
        new("set-ssl", 3, 3, "PRIVATE-KEY CERTIFICATE CA-CERT", PreSsl, SetSsl, null, "--bootstrap", RW),
        new("add-aa-mapping", 3, 3, "BRIDGE ARG ARG", PreAaMapping, AddAaMapping, null, "", RW),
        new("del-aa-mapping", 3, 3, "BRIDGE ARG ARG", PreAaMapping, DelAaMapping, null, "", RW),
        new("get-aa-mapping", 1, 1, "BRIDGE", PreAaMapping, GetAaMapping, null, "", RO),
        new("emer-reset", 0, 0, "", PreEmerReset, EmerReset, null, "", RW),
        new("add-zone-tp", 3, int.MaxValue, "", PreGetZone, AddZoneTp, null, "--may-exist", RW),
        new("del-zone-tp", 2, 2, "", PreGetZone, DelZoneTp, null, "--if-exists", RW),
        new("list-zone-tp", 1, 1, "", PreGetZone, ListZoneTp, null, "", RO),
        new("list-dp-cap", 1, 1, "", PreGetDpCap, ListDpCap, null, "", RO),
    ];

    private static VsctlContext V(CtlContext ctx) => (VsctlContext)ctx;

    private static void Register(CtlContext ctx, string table, params string[] columns) => ctx.Idl.RegisterColumns(table, columns);

    private static void PreGetInfo(CtlContext ctx)
    {
        Register(ctx, "Open_vSwitch", "bridges");
        Register(ctx, "Bridge", "name", "controller", "fail_mode", "ports");
        Register(ctx, "Port", "name", "fake_bridge", "tag", "interfaces");
        Register(ctx, "Interface", "name", "ofport", "error");
    }

    private static void PreBrExternalId(CtlContext ctx)
    {
        PreGetInfo(ctx);
        Register(ctx, "Bridge", "external_ids");
        Register(ctx, "Port", "external_ids");
    }

    private static void PreController(CtlContext ctx)
    {
        PreGetInfo(ctx);
        Register(ctx, "Controller", "target", "inactivity_probe");
    }

    private static void PreManager(CtlContext ctx)
    {
        Register(ctx, "Open_vSwitch", "manager_options");
        Register(ctx, "Manager", "target", "inactivity_probe");
    }

    private static void PreGetSsl(CtlContext ctx)
    {
        Register(ctx, "Open_vSwitch", "ssl");
        Register(ctx, "SSL", "private_key", "certificate", "ca_cert", "bootstrap_ca_cert");
    }

    private static void PreSsl(CtlContext ctx) => Register(ctx, "Open_vSwitch", "ssl");

    private static void PreAaMapping(CtlContext ctx)
    {
        PreGetInfo(ctx);
        Register(ctx, "Bridge", "auto_attach");
        Register(ctx, "AutoAttach", "mappings");
    }

    private static void PreEmerReset(CtlContext ctx)
    {
        Register(ctx, "Open_vSwitch", "manager_options", "ssl");
        Register(ctx, "Bridge", "controller", "fail_mode", "mirrors", "netflow", "sflow", "ipfix", "flood_vlans", "other_config");
        Register(ctx, "Port", "other_config");
        Register(ctx, "Interface", "ingress_policing_rate", "ingress_policing_burst");
    }

    private static void PreGetZone(CtlContext ctx)
    {
        Register(ctx, "Open_vSwitch", "datapaths");
        Register(ctx, "Datapath", "ct_zones");
        Register(ctx, "CT_Zone", "timeout_policy");
        Register(ctx, "CT_Timeout_Policy", "timeouts");
    }

    private static void PreGetDpCap(CtlContext ctx)
    {
        Register(ctx, "Open_vSwitch", "datapaths");
        Register(ctx, "Datapath", "capabilities");
    }

    private static void Init(CtlContext ctx)
    {
    }

    private static void OutputSorted(CtlContext ctx, List<string> names)
    {
        names.Sort(string.CompareOrdinal);
        foreach (string name in names)
        {
            ctx.Output.Append(name).Append('\n');
        }
    }
}
