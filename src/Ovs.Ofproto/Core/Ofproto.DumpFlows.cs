// Upstream: ofproto_get_all_flows() and flow_stats_ds() of ofproto/ofproto.c (OVS 3.1)
//
// bridge/dump-flows: every flow of every table, hidden ones (fail-open's) included, one line each:
// "[table_id=N, ]duration=Ss, n_packets=P, n_bytes=B, [n_offload_packets=0, n_offload_bytes=0, ]MATCH,actions=A".
using System.Globalization;
using System.Text;
using Ovs.Flow.Text;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Core;

internal sealed partial class Ofproto
{
    /// <summary>The text of bridge/dump-flows; <paramref name="offloadStats"/> adds the offload counters (always 0 here).</summary>
    public string DumpAllFlows(bool offloadStats)
    {
        var s = new StringBuilder();
        long now = Tables.NowMs;
        foreach (OfRule rule in Tables.AllRules())
        {
            if (rule.TableId != 0)
            {
                s.Append(CultureInfo.InvariantCulture, $"table_id={rule.TableId}, ");
            }

            s.Append(CultureInfo.InvariantCulture, $"duration={(now - rule.CreatedMs) / 1000}s, n_packets={rule.PacketCount}, n_bytes={rule.ByteCount}, ");
            if (offloadStats)
            {
                s.Append("n_offload_packets=0, n_offload_bytes=0, ");
            }

            MatchFormatter.Append(s, rule.Match, rule.Priority);
            s.Append(",actions=");
            OfpActions.Format(s, rule.Actions);
            s.Append('\n');
        }

        return s.ToString();
    }
}
