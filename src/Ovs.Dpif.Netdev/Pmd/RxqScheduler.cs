// Upstream: sched_numa_list_populate(), sched_numa_list_schedule(), sched_pmd_next() and compare_rxq_cycles() in
// lib/dpif-netdev.c (OVS 3.1).
//
// Spreads the receive queues of PMD ports over the PMD threads. Queues pinned by pmd-rxq-affinity go to their core
// (which then polls only pinned queues when pmd-rxq-isolate is on); the others, in port then queue order (by measured
// processing cycles first, except for roundrobin), go to a thread on their port's NUMA node, or, when that node has
// no non-isolated thread, to one on the other nodes in turn. Within a node: "roundrobin" walks the threads 1,2,3,1,2,3;
// "cycles" walks up and down 1,2,3,3,2,1; "group" picks the least loaded thread (cycles, or queue count when the queue
// has no measurement). Every decision is logged with upstream's messages.
using Ovs.Common.Logging;

namespace Ovs.Dpif.Netdev.Pmd;

/// <summary>A receive queue to place: its port, queue id, the port's NUMA node, the pinned core, measured cycles.</summary>
internal sealed record SchedRxq(uint PortNumber, string PortName, int QueueId, int PortNumaId, uint? PinnedCore, long Cycles);

/// <summary>The result: for each PMD core, its queues (in assignment order) and whether it is isolated.</summary>
internal sealed record SchedResult(IReadOnlyDictionary<uint, List<SchedRxq>> Assigned, IReadOnlySet<uint> Isolated);

internal static class RxqScheduler
{
    private static readonly VlogModule s_log = VlogModule.Get("dpif_netdev");

    public static SchedResult Schedule(IReadOnlyList<CpuCore> pmds, IReadOnlyList<SchedRxq> rxqs, RxqAssignType algo, bool isolate)
    {
        var numas = new List<SchedNuma>();
        foreach (CpuCore core in pmds.OrderBy(c => c.CoreId))
        {
            SchedNuma? numa = numas.Find(n => n.NumaId == core.NumaId);
            if (numa is null)
            {
                numa = new SchedNuma(core.NumaId);
                numas.Add(numa);
            }

            numa.Pmds.Add(new SchedPmd(core, numa));
        }

        var pending = new List<SchedRxq>();
        foreach (SchedRxq rxq in rxqs)
        {
            if (rxq.PinnedCore is not uint pinned)
            {
                pending.Add(rxq);
                continue;
            }

            SchedPmd? pmd = numas.SelectMany(n => n.Pmds).FirstOrDefault(p => p.Core.CoreId == pinned);
            if (pmd is null)
            {
                s_log.Warn($"Core {pinned,2} cannot be pinned with port '{rxq.PortName}' rx queue {rxq.QueueId}. Use pmd-cpu-mask to enable a pmd on core {pinned}. An alternative core will be assigned.");
                pending.Add(rxq);
                continue;
            }

            if (isolate && !pmd.Isolated)
            {
                pmd.Isolated = true;
                pmd.Numa.Isolated++;
            }

            s_log.Info($"Core {pmd.Core.CoreId,2} on numa node {pmd.Core.NumaId} is pinned with port '{rxq.PortName}' rx queue {rxq.QueueId}{CyclesText(algo, rxq.Cycles)}");
            pmd.Add(rxq);
        }

        if (algo != RxqAssignType.RoundRobin)
        {
            pending.Sort(static (a, b) =>
                a.Cycles != b.Cycles ? b.Cycles.CompareTo(a.Cycles)
                : a.PortNumber != b.PortNumber ? a.PortNumber.CompareTo(b.PortNumber)
                : a.QueueId.CompareTo(b.QueueId));
        }

        if (pending.Count > 0)
        {
            s_log.Info($"Performing pmd to rx queue assignment using {DpNetdevConfig.Name(algo)} algorithm.");
        }

        SchedNuma? lastCrossNuma = null;
        foreach (SchedRxq rxq in pending)
        {
            SchedNuma? numa = numas.Find(n => n.NumaId == rxq.PortNumaId);
            if (numa is null || numa.NonIsolatedCount == 0)
            {
                numa = null;
                for (int i = 0; i < numas.Count; i++)
                {
                    int next = lastCrossNuma is null ? 0 : (numas.IndexOf(lastCrossNuma) + 1) % numas.Count;
                    lastCrossNuma = numas[next];
                    if (lastCrossNuma.NonIsolatedCount > 0)
                    {
                        numa = lastCrossNuma;
                        break;
                    }
                }
            }

            SchedPmd? pmd = numa?.Next(algo, rxq.Cycles != 0);
            if (pmd is null)
            {
                s_log.Warn($"No non-isolated pmd on any numa available for port '{rxq.PortName}' rx queue {rxq.QueueId}{CyclesText(algo, rxq.Cycles)}. This rx queue will not be polled.");
                continue;
            }

            if (pmd.Core.NumaId != rxq.PortNumaId)
            {
                s_log.Info($"There's no available (non-isolated) pmd thread on numa node {rxq.PortNumaId}. Port '{rxq.PortName}' rx queue {rxq.QueueId} will be assigned to a pmd on numa node {pmd.Core.NumaId}. This may lead to reduced performance.");
            }

            s_log.Info($"Core {pmd.Core.CoreId,2} on numa node {pmd.Core.NumaId} assigned port '{rxq.PortName}' rx queue {rxq.QueueId}{CyclesText(algo, rxq.Cycles)}.");
            pmd.Add(rxq);
        }

        var assigned = new Dictionary<uint, List<SchedRxq>>();
        var isolated = new HashSet<uint>();
        foreach (SchedPmd pmd in numas.SelectMany(n => n.Pmds))
        {
            assigned[pmd.Core.CoreId] = pmd.Rxqs;
            if (pmd.Isolated)
            {
                isolated.Add(pmd.Core.CoreId);
            }
        }

        return new SchedResult(assigned, isolated);
    }

    private static string CyclesText(RxqAssignType algo, long cycles) =>
        algo == RxqAssignType.RoundRobin ? string.Empty : $" (measured processing cycles {cycles})";

    private sealed class SchedNuma(int numaId)
    {
        private int _index;
        private bool _up = true;

        public int NumaId { get; } = numaId;

        public List<SchedPmd> Pmds { get; } = [];

        public int Isolated { get; set; }

        public int NonIsolatedCount => Math.Max(0, Pmds.Count - Isolated);

        public SchedPmd? Next(RxqAssignType algo, bool hasCycles)
        {
            if (algo == RxqAssignType.Group)
            {
                SchedPmd? lowest = null;
                foreach (SchedPmd pmd in Pmds)
                {
                    if (!pmd.Isolated && (lowest is null || (hasCycles ? pmd.Cycles < lowest.Cycles : pmd.Rxqs.Count < lowest.Rxqs.Count)))
                    {
                        lowest = pmd;
                    }
                }

                return lowest;
            }

            // Walking may return a thread twice before all were seen (up and down), so try twice as many times.
            for (int i = 0; i < Pmds.Count * 2; i++)
            {
                SchedPmd pmd = NextRoundRobin(upDown: algo == RxqAssignType.Cycles);
                if (!pmd.Isolated)
                {
                    return pmd;
                }
            }

            return null;
        }

        private SchedPmd NextRoundRobin(bool upDown)
        {
            int current = _index;
            if (_up)
            {
                if (_index == Pmds.Count - 1)
                {
                    if (upDown)
                    {
                        _up = false;
                    }
                    else
                    {
                        _index = 0;
                    }
                }
                else
                {
                    _index++;
                }
            }
            else if (_index == 0)
            {
                _up = true;
            }
            else
            {
                _index--;
            }

            return Pmds[current];
        }
    }

    private sealed class SchedPmd(CpuCore core, SchedNuma numa)
    {
        public CpuCore Core { get; } = core;

        public SchedNuma Numa { get; } = numa;

        public bool Isolated { get; set; }

        public long Cycles { get; private set; }

        public List<SchedRxq> Rxqs { get; } = [];

        public void Add(SchedRxq rxq)
        {
            Rxqs.Add(rxq);
            Cycles += rxq.Cycles;
        }
    }
}
