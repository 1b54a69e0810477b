// Upstream: ofproto_flow_mod_init_for_learn(), ofproto_flow_mod_learn_refresh(), ofproto_flow_mod_learn() and
// ofproto_rule_reduce_timeouts() of ofproto/ofproto.c (OVS 3.1)
//
// Changes that translation asks for on behalf of a packet. A learn action's flow_mod (always modify_strict) only
// refreshes an identical rule that is already there (its hard timeout counts again from now, nothing is
// published, so datapath flows stay); otherwise, under a limit, it is refused when the table already holds that
// many rules with the learn's cookie, and else applied as any flow_mod. fin_timeout lowers a rule's timeouts.
// Threading: the Find/Count queries may run on any thread (they only read the classifier, which allows that);
// Learn and ReduceTimeouts change the tables and run on the main loop, as every change does.
using Ovs.Classifier;
using Ovs.Common.Logging;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class FlowTables
{
    private static readonly VlogModule s_learnLog = VlogModule.Get("ofproto");
    private static readonly VlogRateLimit s_learnRateLimit = new(1, 5);

    /// <summary>
    /// The rule a learn's flow_mod would leave unchanged: same table, match and priority, same timeouts,
    /// importance, flags and actions, and the same cookie unless the learn keeps cookies. Null when there is none.
    /// </summary>
    public OfRule? FindLearned(FlowMod fm)
    {
        if (fm.TableId >= Count)
        {
            return null;
        }

        OfRule? rule = _tables[fm.TableId].Rules.FindExact(fm.Match, fm.Priority, ClassifierVersion.Max)?.Payload;
        if (rule is null
            || rule.IdleTimeout != fm.IdleTimeout
            || rule.HardTimeout != fm.HardTimeout
            || rule.Importance != fm.Importance
            || rule.Flags != (fm.Flags & OfpFlowModFlags.SendFlowRem)
            || (fm.NewCookie != ulong.MaxValue && fm.NewCookie != rule.Cookie)
            || OfpActions.Format(rule.Actions) != OfpActions.Format(fm.Actions))
        {
            return null;
        }

        return rule;
    }

    /// <summary>Whether a learn with this limit may add one more rule with cookie to table (0 means no limit).</summary>
    public bool IsBelowLearnLimit(byte tableId, ulong cookie, uint limit)
    {
        if (limit == 0 || tableId >= Count)
        {
            return true;
        }

        uint n = 0;
        foreach (ClassifierRule<OfRule> cr in _tables[tableId].Rules.GetRules(ClassifierVersion.Max))
        {
            if (cr.Payload.Cookie == cookie && ++n >= limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// ofproto_flow_mod_learn(): refreshes the identical rule, or applies fm unless the limit is reached (logged, as
    /// upstream). Returns whether the learn stayed within its limit.
    /// </summary>
    public bool Learn(FlowMod fm, uint limit)
    {
        if (fm.Command != FlowModCommand.ModifyStrict || fm.TableId >= Count || fm.BufferId != FlowMod.NoBuffer)
        {
            return true;
        }

        if (FindLearned(fm) is { } existing)
        {
            existing.ModifiedMs = NowMs;
            return true;
        }

        if (!IsBelowLearnLimit(fm.TableId, fm.NewCookie, limit))
        {
            LogLimitReached(fm.NewCookie);
            return false;
        }

        Apply(fm, modifyCookie: fm.NewCookie != ulong.MaxValue);
        return true;
    }

    /// <summary>The INFO message of a learn refused by its limit.</summary>
    public static void LogLimitReached(ulong cookie) =>
        s_learnLog.Log(VlogLevel.Info, s_learnRateLimit, $"Learn limit for flow {cookie} reached.");

    /// <summary>ofproto_rule_reduce_timeouts() for the rule of table whose translation view is rule, if still there.</summary>
    public void ReduceTimeouts(byte tableId, XlateRule rule, ushort idle, ushort hard)
    {
        if (tableId >= Count || (idle == 0 && hard == 0))
        {
            return;
        }

        OfRule? owner = _tables[tableId].Rules.FindExact(rule.Match, rule.Priority, ClassifierVersion.Max)?.Payload;
        if (owner is null || !ReferenceEquals(owner.Xlate, rule))
        {
            return;
        }

        owner.IdleTimeout = Reduce(idle, owner.IdleTimeout);
        owner.HardTimeout = Reduce(hard, owner.HardTimeout);
    }

    private static ushort Reduce(ushort max, ushort timeout) => max != 0 && (timeout == 0 || timeout > max) ? max : timeout;
}
