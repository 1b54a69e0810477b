// Upstream: utilities/ovs-ofctl.c, ofctl_diff_flows(), ofctl_replace_flows(), read_flows_from_file(),
// read_flows_from_switch(), read_flows_from_source(), fte_version_equals(), fte_version_format() and
// fte_make_flow_mod() (OVS 3.1)
//
// diff-flows and replace-flows. Each side's flows (a file of flows, or a switch's flow table) are keyed by table,
// match and priority; two versions of a key are equal when their cookie, timeouts, importance, table and actions
// (compared as text) agree. diff-flows prints "-" lines for the first source and "+" lines for the second wherever
// the versions differ and exits with status 2 when anything differed. replace-flows deletes (strictly) the switch's
// flows that the file lacks, then adds the file's flows that the switch lacks or has differently, in that order.
// A source is a file when it starts with '/' or '.', or names an existing file and has no ':'.
using System.Buffers;
using System.Text;
using Ovs.Cli;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Programs.OvsOfctl;

internal static class FlowDiffCommands
{
    private const int FileIndex = 0, SwitchIndex = 1;

    public static void DiffFlows(OfctlContext ctx)
    {
        var table = new FlowTable();
        ReadSource(ctx, ctx.Args[0], table, 0);
        ReadSource(ctx, ctx.Args[1], table, 1);

        var sb = new StringBuilder();
        bool differences = false;
        foreach (Entry entry in table.Entries)
        {
            FlowVersion? a = entry.Versions[0], b = entry.Versions[1];
            if (a is null || b is null || !a.SameAs(b))
            {
                if (a is not null)
                {
                    sb.Append('-').Append(a.Format(entry)).Append('\n');
                }

                if (b is not null)
                {
                    sb.Append('+').Append(b.Format(entry)).Append('\n');
                }

                differences = true;
            }
        }

        ctx.Out.Write(sb.ToString());
        if (differences)
        {
            throw new OfctlExitException(2, string.Empty);
        }
    }

    public static void ReplaceFlows(OfctlContext ctx)
    {
        var table = new FlowTable();
        ProtocolSet usable = ReadFile(ctx.Args[1], table, FileIndex, OfctlVconn.PortMap(ctx.Args[0], ctx.Options));
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        ProtocolSet protocol = vconn.SetProtocolForFlowDump(usable);
        ReadSwitch(vconn, protocol, table, SwitchIndex);

        var requests = new List<byte[]>();
        foreach (Entry entry in table.Entries)
        {
            if (entry.Versions[SwitchIndex] is { } sw && entry.Versions[FileIndex] is null)
            {
                requests.Add(sw.Encode(entry, FlowModCommand.DeleteStrict, protocol));
            }
        }

        foreach (Entry entry in table.Entries)
        {
            FlowVersion? file = entry.Versions[FileIndex], sw = entry.Versions[SwitchIndex];
            if (file is not null && (sw is null || !sw.SameAs(file)))
            {
                requests.Add(file.Encode(entry, FlowModCommand.Add, protocol));
            }
        }

        if (ctx.Options.Bundle)
        {
            BundleTransaction.Run(vconn, requests, ctx);
            return;
        }

        vconn.TransactNoReply(requests);
    }

    private static void ReadSource(OfctlContext ctx, string source, FlowTable table, int index)
    {
        if (source.StartsWith('/') || source.StartsWith('.') || (!source.Contains(':', StringComparison.Ordinal) && File.Exists(source)))
        {
            ReadFile(source, table, index, null);
            return;
        }

        using OfctlVconn vconn = OfctlVconn.Open(source, ctx.Options);
        ProtocolSet protocol = vconn.SetProtocolForFlowDump(ProtocolSet.Any);
        ReadSwitch(vconn, protocol, table, index);
    }

    /// <summary>read_flows_from_file(): every line is a flow to add; returns the protocols that can carry them all.</summary>
    private static ProtocolSet ReadFile(string path, FlowTable table, int index, IReadOnlyDictionary<string, ushort>? ports)
    {
        List<FlowMod> fms = FlowCommands.ReadFlowModFile(path, FlowModCommand.Add, out ProtocolSet usable, ports);
        foreach (FlowMod fm in fms)
        {
            var version = new FlowVersion(
                fm.NewCookie, fm.IdleTimeout, fm.HardTimeout, fm.Importance,
                fm.Flags & (OfpFlowModFlags.SendFlowRem | OfpFlowModFlags.Emerg),
                fm.Actions, fm.TableId != FlowMod.TableAll ? fm.TableId : (byte)0);
            table.Add(fm.Match, fm.Priority, version, index);
        }

        return usable;
    }

    /// <summary>read_flows_from_switch(): every flow of every table.</summary>
    private static void ReadSwitch(OfctlVconn vconn, ProtocolSet protocol, FlowTable table, int index)
    {
        var fsr = new FlowStatsRequest
        {
            Match = Match.CatchAll,
            OutPort = FlowMod.PortAny,
            OutGroup = FlowMod.GroupAny,
            TableId = FlowMod.TableAll,
        };
        foreach (FlowStats fs in OnlineFlowCommands.CollectFlows(vconn, OnlineFlowCommands.EncodeDumpRequest(protocol, fsr)))
        {
            var version = new FlowVersion(fs.Cookie, fs.IdleTimeout, fs.HardTimeout, fs.Importance, OfpFlowModFlags.None, fs.Actions, fs.TableId);
            table.Add(fs.Match, fs.Priority, version, index);
        }
    }

    /// <summary>One side's flow (upstream's struct fte_version).</summary>
    private sealed record FlowVersion(
        ulong Cookie, ushort IdleTimeout, ushort HardTimeout, ushort Importance, OfpFlowModFlags Flags,
        IReadOnlyList<OfpAct> Actions, byte TableId)
    {
        public bool SameAs(FlowVersion other) =>
            Cookie == other.Cookie && IdleTimeout == other.IdleTimeout && HardTimeout == other.HardTimeout
            && Importance == other.Importance && TableId == other.TableId && ActionsText() == other.ActionsText();

        /// <summary>fte_version_format(), without the trailing newline.</summary>
        public string Format(Entry entry)
        {
            var sb = new StringBuilder();
            if (TableId != 0)
            {
                sb.Append("table=").Append(TableId).Append(' ');
            }

            MatchFormatter.Append(sb, in entry.Match, entry.Priority);
            if (Cookie != 0)
            {
                sb.Append(" cookie=0x").Append(Cookie.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            }

            if (IdleTimeout != 0)
            {
                sb.Append(" idle_timeout=").Append(IdleTimeout);
            }

            if (HardTimeout != 0)
            {
                sb.Append(" hard_timeout=").Append(HardTimeout);
            }

            if (Importance != 0)
            {
                sb.Append(" importance=").Append(Importance);
            }

            return sb.Append(" actions=").Append(ActionsText()).ToString();
        }

        /// <summary>fte_make_flow_mod(): this version as a flow_mod of command in protocol.</summary>
        public byte[] Encode(Entry entry, FlowModCommand command, ProtocolSet protocol)
        {
            var fm = new FlowMod
            {
                Command = command,
                Match = entry.Match,
                Priority = (ushort)entry.Priority,
                NewCookie = Cookie,
                TableId = TableId,
                IdleTimeout = IdleTimeout,
                HardTimeout = HardTimeout,
                Importance = Importance,
                Flags = Flags,
                Actions = command is FlowModCommand.Add or FlowModCommand.Modify or FlowModCommand.ModifyStrict ? Actions : [],
            };
            var writer = new ArrayBufferWriter<byte>();
            fm.Encode(protocol, OfpXid.Next(), writer);
            return writer.WrittenSpan.ToArray();
        }

        private string ActionsText()
        {
            var sb = new StringBuilder();
            OfpActions.Format(sb, Actions);
            return sb.ToString();
        }
    }

    /// <summary>A flow of either side, by table, match and priority (upstream's struct fte).</summary>
    private sealed class Entry(Match match, int priority)
    {
        public Match Match = match;

        public int Priority { get; } = priority;

        public FlowVersion?[] Versions { get; } = new FlowVersion?[2];
    }

    /// <summary>The flows of both sides; a later flow with the same key replaces that side's earlier one.</summary>
    private sealed class FlowTable
    {
        private readonly Dictionary<(byte Table, Match Match, int Priority), Entry> _byKey = [];

        /// <summary>Every key, by table, then priority from high to low, then first appearance.</summary>
        public IEnumerable<Entry> Entries => _byKey
            .OrderBy(p => p.Key.Table)
            .ThenByDescending(p => p.Key.Priority)
            .Select(p => p.Value);

        public void Add(in Match match, int priority, FlowVersion version, int index)
        {
            var key = (version.TableId, match, priority);
            if (!_byKey.TryGetValue(key, out Entry? entry))
            {
                entry = new Entry(match, priority);
                _byKey.Add(key, entry);
            }

            entry.Versions[index] = version;
        }
    }
}
