// Upstream: utilities/ovs-ofctl.c, all_commands[] (OVS 3.1)
//
// Every command upstream's ovs-ofctl has, in its order (list-commands prints them in this order), including the
// undocumented ones its tests use. Commands that talk to a switch go through SwitchCommands, which finds the switch
// as upstream does; the offline codec commands are in OfflineCommands.
namespace Ovs.Programs.OvsOfctl;

internal static partial class OvsOfctlProgram
{
    private const int Many = int.MaxValue;

    private static readonly OfctlCommand[] s_commands =
    [
        Switch("show", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("monitor", "switch [misslen] [invalid_ttl] [watch:[...]]", 1, 3, OfctlMode.ReadOnly),
        Switch("snoop", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("dump-desc", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("dump-tables", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("dump-table-features", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("dump-table-desc", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("dump-flows", "switch", 1, 2, OfctlMode.ReadOnly),
        Switch("dump-aggregate", "switch", 1, 2, OfctlMode.ReadOnly),
        Switch("queue-stats", "switch [port [queue]]", 1, 3, OfctlMode.ReadOnly),
        Switch("queue-get-config", "switch [port [queue]]", 1, 3, OfctlMode.ReadOnly),
        Switch("add-flow", "switch flow", 2, 2, OfctlMode.ReadWrite),
        Switch("add-flows", "switch file", 2, 2, OfctlMode.ReadWrite),
        Switch("mod-flows", "switch flow", 2, 2, OfctlMode.ReadWrite),
        Switch("del-flows", "switch [flow]", 1, 2, OfctlMode.ReadWrite),
        Switch("replace-flows", "switch file", 2, 2, OfctlMode.ReadWrite),
        Switch("diff-flows", "source1 source2", 2, 2, OfctlMode.ReadWrite),
        Switch("add-meter", "switch meter", 2, 2, OfctlMode.ReadWrite),
        Switch("mod-meter", "switch meter", 2, 2, OfctlMode.ReadWrite),
        Switch("del-meter", "switch meter", 1, 2, OfctlMode.ReadWrite),
        Switch("del-meters", "switch", 1, 2, OfctlMode.ReadWrite),
        Switch("dump-meter", "switch meter", 1, 2, OfctlMode.ReadOnly),
        Switch("dump-meters", "switch", 1, 2, OfctlMode.ReadOnly),
        Switch("meter-stats", "switch [meter]", 1, 2, OfctlMode.ReadOnly),
        Switch("meter-features", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("packet-out", "switch \"in_port=<port> packet=<hex data> actions=...\"", 2, Many, OfctlMode.ReadWrite),
        Switch("dump-ports", "switch [port]", 1, 2, OfctlMode.ReadOnly),
        Switch("dump-ports-desc", "switch [port]", 1, 2, OfctlMode.ReadOnly),
        Switch("mod-port", "switch iface act", 3, 3, OfctlMode.ReadWrite),
        Switch("mod-table", "switch mod", 3, 3, OfctlMode.ReadWrite),
        Switch("get-frags", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("set-frags", "switch frag_mode", 2, 2, OfctlMode.ReadWrite),
        Switch("probe", "target", 1, 1, OfctlMode.ReadOnly),
        Switch("ping", "target [n]", 1, 2, OfctlMode.ReadOnly),
        Switch("benchmark", "target n count", 3, 3, OfctlMode.ReadOnly),
        Switch("dump-ipfix-bridge", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("dump-ipfix-flow", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("ct-flush-zone", "switch zone", 2, 2, OfctlMode.ReadOnly),
        Switch("ct-flush", "switch [zone=N] [ct-orig-tuple [ct-reply-tuple]]", 1, 4, OfctlMode.ReadOnly),
        NotYet("ofp-parse", "file", 1, 1, OfctlMode.ReadWrite),
        NotYet("ofp-parse-pcap", "pcap", 1, Many, OfctlMode.ReadWrite),
        Switch("add-group", "switch group", 1, 2, OfctlMode.ReadWrite),
        Switch("add-groups", "switch file", 2, 2, OfctlMode.ReadWrite),
        Switch("mod-group", "switch group", 1, 2, OfctlMode.ReadWrite),
        Switch("del-groups", "switch [group]", 1, 2, OfctlMode.ReadWrite),
        Switch("insert-buckets", "switch [group]", 1, 2, OfctlMode.ReadWrite),
        Switch("remove-buckets", "switch [group]", 1, 2, OfctlMode.ReadWrite),
        Switch("dump-groups", "switch [group]", 1, 2, OfctlMode.ReadOnly),
        Switch("dump-group-stats", "switch [group]", 1, 2, OfctlMode.ReadOnly),
        Switch("dump-group-features", "switch", 1, 1, OfctlMode.ReadOnly),
        Switch("bundle", "switch file", 2, 2, OfctlMode.ReadWrite),
        Switch("add-tlv-map", "switch map", 2, 2, OfctlMode.ReadOnly),
        Switch("del-tlv-map", "switch [map]", 1, 2, OfctlMode.ReadOnly),
        Switch("dump-tlv-map", "switch", 1, 1, OfctlMode.ReadOnly),
        new("help", null, 0, Many, ctx => ctx.Out.Write(Usage.Text()), OfctlMode.ReadOnly),
        new("list-commands", null, 0, Many, ListCommands, OfctlMode.ReadOnly),

        // Undocumented commands for testing.
        new("parse-flow", null, 1, 1, FlowCommands.ParseFlow, OfctlMode.ReadWrite),
        new("parse-flows", null, 1, 1, FlowCommands.ParseFlows, OfctlMode.ReadWrite),
        new("parse-group", null, 1, 1, GroupCommands.ParseGroup, OfctlMode.ReadWrite),
        new("parse-nx-match", null, 0, 0, MatchCommands.ParseNxm, OfctlMode.ReadWrite),
        new("parse-nxm", null, 0, 0, MatchCommands.ParseNxm, OfctlMode.ReadWrite),
        new("parse-oxm", null, 1, 1, MatchCommands.ParseOxm, OfctlMode.ReadWrite),
        new("parse-actions", null, 1, 1, ActionCommands.ParseActions, OfctlMode.ReadWrite),
        new("parse-instructions", null, 1, 1, ActionCommands.ParseInstructions, OfctlMode.ReadWrite),
        new("parse-ofp10-match", null, 0, 0, MatchCommands.ParseOfp10Match, OfctlMode.ReadWrite),
        new("parse-ofp11-match", null, 0, 0, MatchCommands.ParseOfp11Match, OfctlMode.ReadWrite),
        new("parse-pcap", null, 1, Many, PcapCommands.ParsePcap, OfctlMode.ReadWrite),
        new("check-vlan", null, 2, 2, MatchCommands.CheckVlan, OfctlMode.ReadWrite),
        new("print-error", null, 1, 1, OfflineCommands.PrintError, OfctlMode.ReadWrite),
        new("encode-error-reply", null, 2, 2, OfflineCommands.EncodeErrorReply, OfctlMode.ReadWrite),
        new("ofp-print", null, 1, 2, OfflineCommands.OfpPrint, OfctlMode.ReadWrite),
        new("encode-hello", null, 1, 1, OfflineCommands.EncodeHello, OfctlMode.ReadWrite),
        new("parse-key-value", null, 1, Many, OfflineCommands.ParseKeyValue, OfctlMode.ReadWrite),
        NotYet("compose-packet", null, 1, 2, OfctlMode.ReadOnly),
        NotYet("parse-packet", null, 0, 0, OfctlMode.ReadOnly),
    ];

    private static OfctlCommand Switch(string name, string usage, int min, int max, OfctlMode mode) =>
        new(name, usage, min, max, ctx => SwitchCommands.Run(name, ctx), mode);

    // Commands that need the flow syntax, matches or actions, which come with Ovs.Flow: they fail plainly instead of
    // printing something that only looks right.
    private static OfctlCommand NotYet(string name, string? usage, int min, int max, OfctlMode mode) =>
        new(name, usage, min, max, _ => throw new Ovs.Cli.CliException($"'{name}' is not implemented yet"), mode);

    private static void ListCommands(OfctlContext ctx)
    {
        // Upstream's ovs_cmdl_print_commands(): every command, its name padded to 24 columns, then its usage.
        var sb = new System.Text.StringBuilder("The available commands are:\n");
        foreach (OfctlCommand command in s_commands)
        {
            sb.Append("  ").Append(command.Name.PadRight(24)).Append(command.Usage).Append('\n');
        }

        ctx.Out.Write(sb.ToString());
    }
}
