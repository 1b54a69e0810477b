// Upstream: ofproto_flow_mod_init(), add_flow_init/start/finish(), modify_flows_*(), delete_flows_*(),
// replace_rule_start/finish(), collect_rules_loose/strict(), collect_rule() and ofproto_check_ofpacts() of
// ofproto/ofproto.c (OVS 3.1)
//
// OFPT_FLOW_MOD's five commands over the tables, with upstream's semantics:
//   - add: table 255 means table 0; the internal table is read-only (EPERM); a rule with the same match and
//     priority is replaced (its counters carried over unless reset_counts; its cookie replaced); otherwise
//     check_overlap may refuse (OVERLAP) and a full table evicts a rule or refuses (TABLE_FULL).
//   - modify / modify_strict: every rule the match selects (loosely, or exactly with the priority) under the cookie
//     mask gets the new actions, keeping its match, timeouts, importance, flags and creation time, and its cookie
//     unless the message may change cookies (OpenFlow 1.0 and NXM give a new cookie). When nothing is selected and
//     the message does not match on the cookie but sets one, the flow is added.
//   - delete / delete_strict: the selected rules that also output to out_port and out_group leave, reported with
//     OFPRR_DELETE.
// A flow_mod is applied in the next classifier version and published at once (see FlowTables.cs).
using Ovs.Classifier;
using Ovs.Flow;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class FlowTables
{
    /// <summary>
    /// Applies one flow_mod. <paramref name="modifyCookie"/> is upstream's fm->modify_cookie: true when the
    /// message came as OpenFlow 1.0 or NXM and carries a cookie to set. <paramref name="requester"/> names the request
    /// for flow monitors. Returns None or the OpenFlow error.
    /// </summary>
    public OfpError Apply(FlowMod fm, bool modifyCookie, FlowModRequester? requester = null)
    {
        var txn = new Transaction(Version + 1) { Requester = requester };
        OfpError error = Start(fm, modifyCookie, txn);
        if (error != OfpError.None)
        {
            Revert(txn);
            return error;
        }

        Finish(txn);
        return OfpError.None;
    }

    private OfpError Start(FlowMod fm, bool modifyCookie, Transaction txn)
    {
        OfpError error = CheckInit(fm);
        if (error != OfpError.None)
        {
            return error;
        }

        return fm.Command switch
        {
            FlowModCommand.Add => AddStart(fm, modifyCookie, txn),
            FlowModCommand.Modify or FlowModCommand.ModifyStrict => ModifyStart(fm, modifyCookie, txn),
            FlowModCommand.Delete or FlowModCommand.DeleteStrict => DeleteStart(fm, txn),
            _ => OfpError.OfpfmfcBadCommand,
        };
    }

    /// <summary>
    /// ofproto_flow_mod_init()'s checks, which need only the flow_mod: the table exists, adds and modifies do not
    /// write the read-only internal table, and no buffer is named (this switch keeps none).
    /// </summary>
    public OfpError CheckInit(FlowMod fm)
    {
        if (fm.TableId != FlowMod.TableAll && fm.TableId >= Count)
        {
            return OfpError.OfpbrcBadTableId;
        }

        if (fm.Command is FlowModCommand.Add or FlowModCommand.Modify or FlowModCommand.ModifyStrict)
        {
            byte tableId = fm.TableId == FlowMod.TableAll ? (byte)0 : fm.TableId;
            if (tableId == InternalTable)
            {
                return OfpError.OfpbrcEperm;
            }

            if (fm.BufferId != FlowMod.NoBuffer)
            {
                return OfpError.OfpbrcBufferUnknown;
            }
        }

        return fm.Command is >= FlowModCommand.Add and <= FlowModCommand.DeleteStrict ? OfpError.None : OfpError.OfpfmfcBadCommand;
    }

    private OfpError AddStart(FlowMod fm, bool modifyCookie, Transaction txn)
    {
        OfpError error = CheckActions(fm.Actions);
        if (error != OfpError.None)
        {
            return error;
        }

        byte tableId = fm.TableId == FlowMod.TableAll ? (byte)0 : fm.TableId;
        OfTable table = _tables[tableId];
        OfRule? old = table.Rules.FindExact(fm.Match, fm.Priority, ClassifierVersion.Max)?.Payload;
        if (old is null)
        {
            if ((fm.Flags & OfpFlowModFlags.CheckOverlap) != 0 && table.Rules.HasOverlap(fm.Match, fm.Priority, ClassifierVersion.Max))
            {
                return OfpError.OfpfmfcOverlap;
            }

            if (table.FlowCount >= table.MaxFlows)
            {
                old = table.ChooseVictim(ClassifierVersion.Max, _bootMs);
                if (old is null)
                {
                    return OfpError.OfpfmfcTableFull;
                }

                old.RemovedReason = RuleRemovedReason.Eviction;
            }
        }
        else
        {
            modifyCookie = true;
        }

        ReplaceStart(txn, FlowModCommand.Add, modifyCookie, old, Template(fm, tableId, fm.Match, fm.Priority));
        return OfpError.None;
    }

    private OfpError ModifyStart(FlowMod fm, bool modifyCookie, Transaction txn)
    {
        bool strict = fm.Command == FlowModCommand.ModifyStrict;
        List<OfRule> olds = Collect(fm.TableId, fm.Match, strict ? fm.Priority : null, fm.Cookie, fm.CookieMask, FlowMod.PortAny, FlowMod.GroupAny);
        if (olds.Count == 0)
        {
            bool mayAdd = fm.NewCookie != ulong.MaxValue && fm.CookieMask == 0;
            return mayAdd ? AddStart(fm, modifyCookie, txn) : OfpError.None;
        }

        OfpError error = CheckActions(fm.Actions);
        if (error != OfpError.None)
        {
            return error;
        }

        foreach (OfRule old in olds)
        {
            ReplaceStart(txn, fm.Command, modifyCookie, old, Template(fm, old.TableId, old.Match, old.Priority));
        }

        return OfpError.None;
    }

    private OfpError DeleteStart(FlowMod fm, Transaction txn)
    {
        bool strict = fm.Command == FlowModCommand.DeleteStrict;
        List<OfRule> rules = Collect(fm.TableId, fm.Match, strict ? fm.Priority : null, fm.Cookie, fm.CookieMask, fm.OutPort, fm.OutGroup);
        foreach (OfRule rule in rules)
        {
            _tables[rule.TableId].FlowCount--;
            rule.Node!.MakeInvisibleInVersion(txn.Version);
            txn.Deleted.Add(rule);
            txn.Origins[rule] = new Transaction.Origin(fm.Command, txn.Requester);
        }

        return OfpError.None;
    }

    /// <summary>
    /// collect_rules_loose() / collect_rules_strict() with collect_rule()'s filters: the rules of tableId (255 for
    /// every table) that the match selects and that pass the cookie, out_port and out_group filters, in stable
    /// order. A priority asks for the strict form: exactly this match and priority.
    /// </summary>
    internal List<OfRule> Collect(byte tableId, in Match match, int? priority, ulong cookie, ulong cookieMask, ushort outPort, uint outGroup)
    {
        var result = new List<OfRule>();
        foreach (OfTable table in _tables)
        {
            if (tableId != FlowMod.TableAll && table.Id != tableId)
            {
                continue;
            }

            if (priority is int exact)
            {
                ClassifierRule<OfRule>? cr = table.Rules.FindExact(in match, exact, ClassifierVersion.Max);
                if (cr is not null && Selects(cr.Payload, cookie, cookieMask, outPort, outGroup))
                {
                    result.Add(cr.Payload);
                }

                continue;
            }

            foreach (ClassifierRule<OfRule> cr in table.Rules.GetRules(in match, ClassifierVersion.Max))
            {
                if (!cr.Payload.IsHidden && Selects(cr.Payload, cookie, cookieMask, outPort, outGroup))
                {
                    result.Add(cr.Payload);
                }
            }
        }

        return result;
    }

    private static bool Selects(OfRule rule, ulong cookie, ulong cookieMask, ushort outPort, uint outGroup) =>
        ((rule.Cookie ^ cookie) & cookieMask) == 0 && rule.OutputsTo(outPort) && rule.OutputsToGroup(outGroup);

    /// <summary>ofproto_check_ofpacts(): groups must exist; meters do not exist in this switch yet.</summary>
    internal OfpError CheckActions(IReadOnlyList<OfpAct> actions)
    {
        foreach (OfpAct action in OfRule.Flattened(actions))
        {
            if (action is MeterAct)
            {
                return OfpError.OfpmmfcInvalidMeter;
            }

            if (action is GroupAct group && !GroupExists(group.GroupId))
            {
                return OfpError.OfpbacBadOutGroup;
            }
        }

        return OfpError.None;
    }

    private static RuleTemplate Template(FlowMod fm, byte tableId, in Match match, int priority) =>
        new(match, priority, tableId, fm.NewCookie, fm.Actions, fm.IdleTimeout, fm.HardTimeout, fm.Importance, fm.Flags);

    /// <summary>
    /// replace_rule_start(): builds the new rule (from the old one for modify semantics), hides the old one from
    /// the transaction's version and inserts the new one visible from it.
    /// </summary>
    private void ReplaceStart(Transaction txn, FlowModCommand command, bool modifyCookie, OfRule? old, RuleTemplate t)
    {
        long now = NowMs;
        ulong cookie = t.Cookie;
        ushort idle = t.IdleTimeout, hard = t.HardTimeout, importance = t.Importance;
        OfpFlowModFlags flags = t.Flags;
        long created = now;
        if (old is not null && old.RemovedReason != RuleRemovedReason.Eviction)
        {
            bool changeCookie = modifyCookie && cookie != ulong.MaxValue && cookie != old.Cookie;
            if (command != FlowModCommand.Add)
            {
                idle = old.IdleTimeout;
                hard = old.HardTimeout;
                importance = old.Importance;
                flags = old.Flags;
                created = old.CreatedMs;
            }

            if (!changeCookie)
            {
                cookie = old.Cookie;
            }
        }

        var rule = new OfRule(t.Match, t.Priority, t.TableId, cookie, t.Actions, now)
        {
            IdleTimeout = idle,
            HardTimeout = hard,
            Importance = importance,
            Flags = flags,
            CreatedMs = created,
        };

        OfTable table = _tables[t.TableId];
        if (old is not null)
        {
            old.Node!.MakeInvisibleInVersion(txn.Version);
        }
        else
        {
            table.FlowCount++;
        }

        var node = new ClassifierRule<OfRule>(t.Match, t.Priority, rule, Conjunctions(t.Actions));
        rule.Node = node;
        table.Rules.Insert(node, txn.Version);
        txn.Replaced.Add((old, rule, (t.Flags & OfpFlowModFlags.ResetCounts) == 0));
        txn.Origins[rule] = new Transaction.Origin(command, txn.Requester);
    }

    private static Conjunction[] Conjunctions(IReadOnlyList<OfpAct> actions)
    {
        var conjunctions = new List<Conjunction>();
        foreach (OfpAct action in actions)
        {
            if (action is ConjunctionAct c)
            {
                conjunctions.Add(new Conjunction(c.Id, c.Clause, c.NClauses));
            }
            else if (action is not NoteAct)
            {
                return [];
            }
        }

        return [.. conjunctions];
    }

    /// <summary>replace_rule_revert() and the undo of deletes, newest first.</summary>
    private void Revert(Transaction txn)
    {
        for (int i = txn.Replaced.Count - 1; i >= 0; i--)
        {
            (OfRule? old, OfRule rule, bool _) = txn.Replaced[i];
            OfTable table = _tables[rule.TableId];
            table.Rules.Remove(rule.Node!);
            if (old is null)
            {
                table.FlowCount--;
            }
            else
            {
                old.RemovedReason = RuleRemovedReason.None;
                old.Node!.RestoreVisibility();
            }
        }

        foreach (OfRule rule in txn.Deleted)
        {
            _tables[rule.TableId].FlowCount++;
            rule.Node!.RestoreVisibility();
        }
    }

    /// <summary>Publishes the transaction's version, then drops what it replaced or deleted and reports removals.</summary>
    private void Finish(Transaction txn)
    {
        Publish(txn.Version);
        foreach ((OfRule? old, OfRule rule, bool keepCounts) in txn.Replaced)
        {
            RuleAdded?.Invoke(rule);
            ReportReplaced(txn, old, rule);
            if (old is null)
            {
                CheckVacancy(rule.TableId);
                continue;
            }

            if (old.RemovedReason != RuleRemovedReason.Eviction)
            {
                rule.Replace(old, keepCounts);
            }

            _tables[old.TableId].Rules.Remove(old.Node!);
            ReportRemoved(old);
        }

        foreach (OfRule rule in txn.Deleted)
        {
            rule.RemovedReason = RuleRemovedReason.Delete;
            ReportToMonitors(rule, FlowUpdateEvent.Removed, RuleRemovedReason.Delete, txn.Origins.GetValueOrDefault(rule).Requester);
            _tables[rule.TableId].Rules.Remove(rule.Node!);
            ReportRemoved(rule);
            CheckVacancy(rule.TableId);
        }

        Monitor?.Flush();
    }

    /// <summary>What a new rule is made of before modify semantics apply.</summary>
    private readonly record struct RuleTemplate(
        Match Match, int Priority, byte TableId, ulong Cookie, IReadOnlyList<OfpAct> Actions,
        ushort IdleTimeout, ushort HardTimeout, ushort Importance, OfpFlowModFlags Flags);

    /// <summary>The changes of one flow_mod or of one bundle, in the version they become visible.</summary>
    internal sealed class Transaction(ulong version)
    {
        public ulong Version { get; } = version;

        /// <summary>Each new rule with the rule it replaces (null for a pure add) and whether counters carry over.</summary>
        public List<(OfRule? Old, OfRule New, bool KeepCounts)> Replaced { get; } = [];

        public List<OfRule> Deleted { get; } = [];

        /// <summary>The request the flow_mods started from now on come from (for flow monitors), or null.</summary>
        public FlowModRequester? Requester { get; set; }

        /// <summary>Each new or deleted rule's flow_mod command and request.</summary>
        public Dictionary<OfRule, Origin> Origins { get; } = [];

        public readonly record struct Origin(FlowModCommand Command, FlowModRequester? Requester);
    }
}
