// Upstream: ofconn_report_flow_mod() and ofconn_log_flow_mods() of ofproto/connmgr.c (OVS 3.1)
//
// What a connection changed in the flow tables: the flow_mods that went through (alone or in a committed bundle),
// counted as adds, deletes and modifications with the times of the first and last, logged at INFO when the
// connection goes away, as "N flow_mods in the last S s (A adds, D deletes, M modifications)" (zero counts left
// out), or "in the S s starting A s ago" / "A s ago" when the flow_mods stopped before the report.
// Threading: main loop only.
using System.Text;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Connmgr;

internal sealed class FlowModReport
{
    private int _adds;
    private int _deletes;
    private int _modifications;
    private long _firstMs;
    private long _lastMs;

    /// <summary>Counts one flow_mod that took effect at <paramref name="nowMs"/>.</summary>
    public void Add(FlowModCommand command, long nowMs)
    {
        if (_adds + _deletes + _modifications == 0)
        {
            _firstMs = nowMs;
        }

        _lastMs = nowMs;
        switch (command)
        {
            case FlowModCommand.Add:
                _adds++;
                break;
            case FlowModCommand.Delete or FlowModCommand.DeleteStrict:
                _deletes++;
                break;
            default:
                _modifications++;
                break;
        }
    }

    /// <summary>The report line (without the connection's name), or null when nothing was counted.</summary>
    public string? Format(long nowMs)
    {
        int total = _adds + _deletes + _modifications;
        if (total == 0)
        {
            return null;
        }

        long ago = (nowMs - _firstMs) / 1000;
        long interval = (_lastMs - _firstMs) / 1000;
        var sb = new StringBuilder().Append(total).Append(" flow_mods ");
        if (interval == ago)
        {
            sb.Append("in the last ").Append(ago).Append(" s");
        }
        else if (interval != 0)
        {
            sb.Append("in the ").Append(interval).Append(" s starting ").Append(ago).Append(" s ago");
        }
        else
        {
            sb.Append(ago).Append(" s ago");
        }

        var parts = new List<string>();
        if (_adds > 0)
        {
            parts.Add($"{_adds} adds");
        }

        if (_deletes > 0)
        {
            parts.Add($"{_deletes} deletes");
        }

        if (_modifications > 0)
        {
            parts.Add($"{_modifications} modifications");
        }

        return sb.Append(" (").Append(string.Join(", ", parts)).Append(')').ToString();
    }
}
