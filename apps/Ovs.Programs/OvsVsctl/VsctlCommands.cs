// Upstream: utilities/ovs-vsctl.c, vsctl_commands[] (OVS 3.1)
//
// ovs-vsctl's own commands. Every handler gets the shared CtlContext, which for this program is a VsctlContext.
// Prerequisites only matter for upstream's column registration; here the whole database is replicated, so
// only the commands that validate something ahead of connecting have them.
using Ovs.Cli.DbCtl;

namespace Ovs.Programs.OvsVsctl;

internal static partial class VsctlCommands
{
    private const CtlMode RO = CtlMode.ReadOnly;
    private const CtlMode RW = CtlMode.ReadWrite;

    public static CtlCommandSyntax[] Table { get; } =
    [
        new("init", 0, 0, "", null, Init, null, "", RW),
        new("add-br", 1, 3, "NEW-BRIDGE [PARENT] [NEW-VLAN]", null, AddBr, null, "--may-exist", RW),
        new("del-br", 1, 1, "BRIDGE", null, DelBr, null, "--if-exists", RW),
        new("list-br", 0, 0, "", null, ListBr, null, "--real,--fake", RO),
        new("br-exists", 1, 1, "BRIDGE", null, BrExists, null, "", RO),
        new("br-to-vlan", 1, 1, "BRIDGE", null, BrToVlan, null, "", RO),
        new("br-to-parent", 1, 1, "BRIDGE", null, BrToParent, null, "", RO),
        new("br-set-external-id", 2, 3, "BRIDGE KEY [VALUE]", null, BrSetExternalId, null, "", RW),
        new("br-get-external-id", 1, 2, "BRIDGE [KEY]", null, BrGetExternalId, null, "", RO),
        new("list-ports", 1, 1, "BRIDGE", null, ListPorts, null, "", RO),
        new("add-port", 2, int.MaxValue, "BRIDGE NEW-PORT [COLUMN[:KEY]=VALUE]...", null, AddPort, null, "--may-exist", RW),
        new("del-port", 1, 2, "[BRIDGE] PORT|IFACE", null, DelPort, null, "--if-exists,--with-iface", RW),
        new("port-to-br", 1, 1, "PORT", null, PortToBr, null, "", RO),
        new("add-bond", 4, int.MaxValue, "BRIDGE BOND IFACE... [COLUMN[:KEY]=VALUE]...", null, AddBond, null, "--may-exist,--fake-iface", RW),
        new("add-bond-iface", 2, 2, "BOND IFACE", null, AddBondIface, null, "--may-exist", RW),
        new("del-bond-iface", 1, 2, "[BOND] IFACE", null, DelBondIface, null, "--if-exists", RW),
        new("list-ifaces", 1, 1, "BRIDGE", null, ListIfaces, null, "", RO),
        new("iface-to-br", 1, 1, "IFACE", null, IfaceToBr, null, "", RO),
        new("get-controller", 1, 1, "BRIDGE", null, GetController, null, "", RO),
        new("del-controller", 1, 1, "BRIDGE", null, DelController, null, "", RW),
        new("set-controller", 1, int.MaxValue, "BRIDGE TARGET...", null, SetController, null, "--inactivity-probe=", RW),
        new("get-fail-mode", 1, 1, "BRIDGE", null, GetFailMode, null, "", RO),
        new("del-fail-mode", 1, 1, "BRIDGE", null, DelFailMode, null, "", RW),
        new("set-fail-mode", 2, 2, "BRIDGE MODE", null, SetFailMode, null, "", RW),
        new("get-manager", 0, 0, "", null, GetManager, null, "", RO),
        new("del-manager", 0, 0, "", null, DelManager, null, "", RW),
        new("set-manager", 1, int.MaxValue, "TARGET...", null, SetManager, null, "--inactivity-probe=", RW),
        new("get-ssl", 0, 0, "", null, GetSsl, null, "", RO),
        new("del-ssl", 0, 0, "", null, DelSsl, null, "", RW),
        new("set-ssl", 3, 3, "PRIVATE-KEY CERTIFICATE CA-CERT", null, SetSsl, null, "--bootstrap", RW),
        new("add-aa-mapping", 3, 3, "BRIDGE ARG ARG", null, AddAaMapping, null, "", RW),
        new("del-aa-mapping", 3, 3, "BRIDGE ARG ARG", null, DelAaMapping, null, "", RW),
        new("get-aa-mapping", 1, 1, "BRIDGE", null, GetAaMapping, null, "", RO),
        new("emer-reset", 0, 0, "", null, EmerReset, null, "", RW),
        new("add-zone-tp", 3, int.MaxValue, "", null, AddZoneTp, null, "--may-exist", RW),
        new("del-zone-tp", 2, 2, "", null, DelZoneTp, null, "--if-exists", RW),
        new("list-zone-tp", 1, 1, "", null, ListZoneTp, null, "", RO),
        new("list-dp-cap", 1, 1, "", null, ListDpCap, null, "", RO),
    ];

    private static VsctlContext V(CtlContext ctx) => (VsctlContext)ctx;

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
