// Upstream: utilities/ovs-ofctl.c, the ofctl_*() handlers of the commands that talk to a switch (OVS 3.1)
//
// The commands written so far, by name; the others fail plainly rather than pretend (they still find the switch
// first, so a wrong target gets upstream's error). Finding and connecting to the switch is OfctlVconn's job.
using System.Collections.Frozen;
using Ovs.Cli;

namespace Ovs.Programs.OvsOfctl;

internal static class SwitchCommands
{
    private static readonly FrozenDictionary<string, Action<OfctlContext>> s_handlers = new Dictionary<string, Action<OfctlContext>>
    {
        ["show"] = OnlineCommands.Show,
        ["monitor"] = MonitorCommands.Monitor,
        ["snoop"] = MonitorCommands.Snoop,
        ["dump-desc"] = OnlineCommands.DumpDesc,
        ["dump-tables"] = OnlineCommands.DumpTables,
        ["dump-table-desc"] = OnlineCommands.DumpTableDesc,
        ["dump-table-features"] = TableFeaturesCommand.DumpTableFeatures,
        ["dump-ports"] = OnlineCommands.DumpPorts,
        ["dump-ports-desc"] = OnlineCommands.DumpPortsDesc,
        ["queue-stats"] = OnlineCommands.QueueStats,
        ["queue-get-config"] = QueueCommands.QueueGetConfig,
        ["get-frags"] = OnlineCommands.GetFrags,
        ["set-frags"] = OnlineCommands.SetFrags,
        ["probe"] = OnlineCommands.Probe,
        ["mod-port"] = PortModCommand.ModPort,
        ["packet-out"] = PacketOutCommand.PacketOut,
        ["dump-flows"] = OnlineFlowCommands.DumpFlows,
        ["dump-aggregate"] = OnlineFlowCommands.DumpAggregate,
        ["add-flow"] = OnlineFlowCommands.AddFlow,
        ["add-flows"] = OnlineFlowCommands.AddFlows,
        ["mod-flows"] = OnlineFlowCommands.ModFlows,
        ["del-flows"] = OnlineFlowCommands.DelFlows,
        ["replace-flows"] = FlowDiffCommands.ReplaceFlows,
        ["bundle"] = BundleCommand.Bundle,
        ["diff-flows"] = FlowDiffCommands.DiffFlows,
        ["add-group"] = GroupCommands.AddGroup,
        ["add-groups"] = GroupCommands.AddGroups,
        ["mod-group"] = GroupCommands.ModGroup,
        ["del-groups"] = GroupCommands.DelGroups,
        ["insert-buckets"] = GroupCommands.InsertBuckets,
        ["remove-buckets"] = GroupCommands.RemoveBuckets,
        ["dump-groups"] = GroupCommands.DumpGroups,
        ["dump-group-stats"] = GroupCommands.DumpGroupStats,
        ["dump-group-features"] = GroupCommands.DumpGroupFeatures,
        ["add-meter"] = MeterCommands.AddMeter,
        ["mod-meter"] = MeterCommands.ModMeter,
        ["del-meter"] = MeterCommands.DelMeters,
        ["del-meters"] = MeterCommands.DelMeters,
        ["dump-meter"] = MeterCommands.DumpMeters,
        ["dump-meters"] = MeterCommands.DumpMeters,
        ["meter-stats"] = MeterCommands.MeterStats,
        ["meter-features"] = MeterCommands.MeterFeatures,
        ["mod-table"] = TableModCommand.ModTable,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Run(string command, OfctlContext ctx)
    {
        if (s_handlers.TryGetValue(command, out Action<OfctlContext>? handler))
        {
            handler(ctx);
            return;
        }

        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options, snoop: command == "snoop");
        throw new CliException($"{ctx.Args[0]}: '{command}' over an OpenFlow connection is not implemented yet");
    }
}
