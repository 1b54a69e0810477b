// Upstream: ofproto_add_flow() and ofproto_delete_flow() for hidden rules, rule_is_hidden() and the include_hidden
// criterion of rule_criteria_init() in ofproto/ofproto.c (OVS 3.1)
//
// Hidden rules: flows the switch adds for itself (fail-open's catch-all NORMAL flow) with a priority above
// OpenFlow's 16 bits, so that no controller can name them. Flow stats, flow_mods and table stats do not see them;
// bridge/dump-flows does (AllRules), and a flush deletes them with the rest.
using Ovs.Classifier;
using Ovs.Flow;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class FlowTables
{
    /// <summary>Adds (or replaces) the hidden rule with this match and priority (above 0xffff) in table 0.</summary>
    public void AddHidden(in Match match, int priority, IReadOnlyList<OfpAct> actions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(priority, ushort.MaxValue);
        var txn = new Transaction(Version + 1);
        OfRule? old = _tables[0].Rules.FindExact(in match, priority, ClassifierVersion.Max)?.Payload;
        ReplaceStart(txn, FlowModCommand.Add, modifyCookie: false, old, new RuleTemplate(match, priority, 0, 0, actions, 0, 0, 0, OfpFlowModFlags.None));
        if (old is null)
        {
            _tables[0].HiddenCount++;
        }

        Finish(txn);
    }

    /// <summary>Deletes the hidden rule with this match and priority from table 0, if there is one.</summary>
    public void DeleteHidden(in Match match, int priority)
    {
        if (_tables[0].Rules.FindExact(in match, priority, ClassifierVersion.Max)?.Payload is { IsHidden: true } rule)
        {
            rule.RemovedReason = RuleRemovedReason.Delete;
            RemoveRules([rule]);
        }
    }

    /// <summary>Every rule of every table, hidden ones included (bridge/dump-flows), highest priority first.</summary>
    public IEnumerable<OfRule> AllRules()
    {
        foreach (OfTable table in _tables)
        {
            foreach (ClassifierRule<OfRule> rule in table.Rules.GetRules(ClassifierVersion.Max))
            {
                yield return rule.Payload;
            }
        }
    }
}
