// Upstream: xlate_learn_action(), xlate_fin_timeout() and xlate_fin_timeout__() of ofproto/ofproto-dpif-xlate.c
// (OVS 3.1).
// Actions whose effect is on the flow tables rather than on the packet. learn: the source fields it reads join the
// megaflow; a translation with side effects (a real packet: an upcall, a packet-out, ofproto/trace with a packet)
// asks the bridge to install the flow it makes, and a result_dst learns whether the learn's limit let it. A
// translation without side effects whose limited learn finds its flow missing is not worth caching: the answer
// depends on learning that did not happen. fin_timeout: a TCP packet with FIN or RST shortens the timeouts of the
// rule that runs the action.
using System.Globalization;
using System.Text;
using Ovs.Flow;
using Ovs.Flow.Text;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    private const ushort TcpFin = 0x001, TcpRst = 0x004;

    /// <summary>Whether the translation's result must not be cached (upstream's xout->avoid_caching).</summary>
    private bool _avoidCaching;

    private void LearnAction(LearnAct learn)
    {
        LearnExecution.Mask(learn, ref _wc);
        FlowMod fm = LearnExecution.Execute(learn, in _flow);
        if (_tracing)
        {
            ReportLearnedFlow(fm);
        }

        bool success = true;
        if (_sideEffects && _mayLearn)
        {
            success = _bridge.Learn(fm, learn.Limit);
        }
        else if (learn.Limit != 0 && !_bridge.HasLearned(fm))
        {
            _avoidCaching = true;
        }

        if ((learn.Flags & LearnAct.FlagWriteResult) != 0 && learn.ResultDst is { } dst)
        {
            Span<byte> one = stackalloc byte[dst.Field.Size];
            one.Clear();
            one[^1] = success ? (byte)1 : (byte)0;
            FlowEdit.UnwildcardSubfield(ref _wc, dst);
            FlowEdit.WriteSubfield(ref _flow, dst, one);
            ReportSubfield(dst);
        }

        if (!success)
        {
            Report(TraceNodeType.Detail, "Limit exceeded, learn failed");
        }
    }

    /// <summary>The trace's line for a learned flow: "table=N MATCH priority=P [cookie=C] [idle=I] [hard=H] actions=...".</summary>
    private void ReportLearnedFlow(FlowMod fm)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"table={fm.TableId} ");
        Match match = fm.Match;
        MatchFormatter.Append(s, in match);
        while (s.Length > 0 && s[^1] == ' ')
        {
            s.Length--;
        }

        s.Append(CultureInfo.InvariantCulture, $" priority={fm.Priority}");
        if (fm.NewCookie != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $" cookie=0x{fm.NewCookie:x}");
        }

        if (fm.IdleTimeout != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $" idle={fm.IdleTimeout}");
        }

        if (fm.HardTimeout != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $" hard={fm.HardTimeout}");
        }

        if ((fm.Flags & OfpFlowModFlags.SendFlowRem) != 0)
        {
            s.Append(" send_flow_rem");
        }

        s.Append(" actions=");
        OfpActions.Format(s, fm.Actions);
        Report(TraceNodeType.Detail, s.ToString());
    }

    private void FinTimeoutAction(FinTimeoutAct fin)
    {
        FlowEdit.Unwildcard(ref _wc, FlowLayout.NwProto, 1);
        if (_rule is { } rule && !RuleIsInternal && _sideEffects && _mayLearn
            && (_flow.U16(FlowLayout.TcpFlags) & (TcpFin | TcpRst)) != 0)
        {
            _bridge.ReduceTimeouts(_tableId, rule, fin.Idle, fin.Hard);
        }
    }
}
