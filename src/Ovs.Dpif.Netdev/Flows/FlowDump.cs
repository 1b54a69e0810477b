// Upstream: the flow dump iterator of lib/dpif-netdev.c (dpif_netdev_flow_dump_next) (OVS 3.1).
// A cursor over a table's flow index by position; see DpNetdevFlowTable for what it guarantees while flows change.
// Not thread-safe itself: one dump belongs to one caller.
namespace Ovs.Dpif.Netdev.Flows;

internal sealed class FlowDump(DpNetdevFlowTable table)
{
    private int _position;

    /// <summary>The next installed flow, or false when the dump is over.</summary>
    public bool Next(out DpNetdevFlow flow)
    {
        while (_position < table.SlotCapacity)
        {
            DpNetdevFlow? candidate = table.FlowAt(_position++);
            if (candidate is not null && !candidate.IsDead)
            {
                flow = candidate;
                return true;
            }
        }

        flow = null!;
        return false;
    }
}
