// Upstream: dpif_netdev_set_config(), dpif_netdev_port_set_config(), dpif_netdev_run()'s reconfiguration,
// reconfigure_datapath(), reconfigure_pmd_threads() and rxq_scheduling() in lib/dpif-netdev.c (OVS 3.1).
//
// The PMD threads and who polls which queue. PMD threads exist only while the datapath has PMD ports: one per core of
// pmd-cpu-mask, or one on the first core of every NUMA node. Queues of ordinary ports go to the main thread, those of
// PMD ports are spread by RxqScheduler. Everything is redone on a port added or deleted, a configuration change
// (SetConfig, PortSetConfig) and, through Run, when a device changed its number of queues or its NUMA node.
// Callers hold _controlLock (Reconfigure) or take it (the public methods).
using System.Globalization;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Dpif.Netdev.Pmd;

namespace Ovs.Dpif.Netdev;

internal sealed partial class DpNetdev
{
    private static readonly VlogModule s_pmdLog = VlogModule.Get("dpif_netdev");

    private readonly Dictionary<uint, int> _portNuma = [];

    /// <summary>The datapath's other_config settings as last applied.</summary>
    public DpNetdevConfig Config => _config;

    private CpuTopology Topology => Options.Topology ?? CpuTopology.Current;

    /// <summary>dpif_netdev_set_config: applies the Open_vSwitch other_config keys; redoes the threads when needed.</summary>
    public int SetConfig(IReadOnlyDictionary<string, string> otherConfig)
    {
        lock (_controlLock)
        {
            if (_config.Apply(otherConfig) && !_destroyed)
            {
                Reconfigure();
            }
        }

        return 0;
    }

    /// <summary>
    /// dpif_netdev_port_set_config: the Interface other_config of a port (pmd-rxq-affinity "QUEUE:CORE,..."). An
    /// affinity that does not parse is logged and leaves the old one; EINVAL.
    /// </summary>
    public int PortSetConfig(uint portNumber, IReadOnlyDictionary<string, string> config)
    {
        lock (_controlLock)
        {
            if (!_portsByNumber.TryGetValue(portNumber, out DpNetdevPort? port))
            {
                return OvsErrno.ENODEV;
            }

            string text = config.GetValueOrDefault("pmd-rxq-affinity") ?? string.Empty;
            if (ParseAffinity(text) is not Dictionary<int, uint> affinity)
            {
                s_pmdLog.Err($"{port.Name}: Invalid affinity");
                return OvsErrno.EINVAL;
            }

            if (!SameAffinity(port.Affinity, affinity))
            {
                port.Affinity = affinity;
                Reconfigure();
            }
        }

        return 0;
    }

    /// <summary>dpif_netdev_run: redoes the queues when a device changed its number of queues or its NUMA node.</summary>
    public void Run()
    {
        lock (_controlLock)
        {
            if (_destroyed)
            {
                return;
            }

            foreach (DpNetdevPort port in _portsByNumber.Values)
            {
                if (port.NeedsRxqReopen || (port.IsPmd && _portNuma.GetValueOrDefault(port.PortNumber) != port.NumaId))
                {
                    Reconfigure();
                    return;
                }
            }
        }
    }

    /// <summary>parse_affinity_list: "0:3,1:7" (queue:core pairs); null when malformed.</summary>
    internal static Dictionary<int, uint>? ParseAffinity(string text)
    {
        var result = new Dictionary<int, uint>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0
                || !int.TryParse(item.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int queue)
                || !uint.TryParse(item.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out uint core))
            {
                return null;
            }

            result[queue] = core;
        }

        return result;
    }

    private static bool SameAffinity(IReadOnlyDictionary<int, uint> a, IReadOnlyDictionary<int, uint> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out uint core) && core == pair.Value);

    /// <summary>Makes the PMD threads and the queue assignment match the ports and the configuration.</summary>
    private void Reconfigure()
    {
        bool hasPmdPort = _portsByNumber.Values.Any(p => p.IsPmd);
        IReadOnlyList<CpuCore> cores = WantedPmdCores(hasPmdPort);

        // Threads on cores no longer wanted stop first; their queues are reassigned below.
        bool changed = false;
        for (int i = _pmds.Count - 1; i >= 0; i--)
        {
            PmdThread pmd = _pmds[i];
            if (!cores.Contains(new CpuCore(pmd.CoreId, pmd.NumaId)))
            {
                pmd.Stop(s_threadTimeout);
                _pmds.RemoveAt(i);
                s_pmdLog.Info($"PMD thread on numa_id: {pmd.NumaId}, core id: {pmd.CoreId,2} destroyed.");
                changed = true;
            }
        }

        ReopenChangedQueues();

        var created = new List<PmdThread>();
        foreach (CpuCore core in cores)
        {
            if (_pmds.Exists(p => p.CoreId == core.CoreId))
            {
                continue;
            }

            var pmd = new PmdThread(this, core.CoreId, core.NumaId, FreeThreadIndex());
            _pmds.Add(pmd);
            created.Add(pmd);
            s_pmdLog.Info($"PMD thread on numa_id: {core.NumaId}, core id: {core.CoreId,2} created.");
            changed = true;
        }

        if (changed)
        {
            foreach (IGrouping<int, CpuCore> numa in cores.GroupBy(c => c.NumaId))
            {
                s_pmdLog.Info($"There are {numa.Count()} pmd threads on numa node {numa.Key}");
            }
        }

        AssignQueues();
        if (Options.StartThreads)
        {
            foreach (PmdThread pmd in created)
            {
                pmd.Start();
            }
        }
    }

    private IReadOnlyList<CpuCore> WantedPmdCores(bool hasPmdPort)
    {
        if (!hasPmdPort)
        {
            return [];
        }

        if (!string.IsNullOrEmpty(_config.PmdCpuMask))
        {
            return Topology.CoresWithMask(_config.PmdCpuMask);
        }

        return Options.PmdCoreIds is IReadOnlyList<uint> ids
            ? [.. ids.Select(id => new CpuCore(id, 0))]
            : Topology.CoresPerNuma(1);
    }

    /// <summary>Reopens the queues of ports whose device changed its queue count, once no thread polls them.</summary>
    private void ReopenChangedQueues()
    {
        List<DpNetdevPort> reopen = [.. _portsByNumber.Values.Where(p => p.NeedsRxqReopen)];
        if (reopen.Count == 0)
        {
            return;
        }

        foreach (PmdThread thread in _pmds.Append(Main))
        {
            thread.SetPolls([.. thread.Polls.Where(poll => !reopen.Contains(poll.Port))]);
        }

        WaitThreadsQuiescent();
        foreach (DpNetdevPort port in reopen)
        {
            int error = port.ReopenRxqs();
            if (error != 0)
            {
                s_pmdLog.Err($"{port.Name}: cannot reconfigure receive queues: {OvsErrno.StrError(error)}");
            }
        }
    }

    private int FreeThreadIndex()
    {
        int index = 1;
        while (_pmds.Exists(p => p.Pipeline.ThreadIndex == index))
        {
            index++;
        }

        return index;
    }

    /// <summary>Gives the main thread the ordinary ports' queues and the PMD threads the PMD ports' (rxq_scheduling).</summary>
    private void AssignQueues()
    {
        var mainPolls = new List<RxqPoll>();
        var pmdQueues = new List<SchedRxq>();
        var byKey = new Dictionary<(uint, int), RxqPoll>();
        _portNuma.Clear();
        foreach (DpNetdevPort port in _portsByNumber.Values)
        {
            if (!port.IsPmd)
            {
                mainPolls.AddRange(port.Queues);
                continue;
            }

            int numa = port.NumaId;
            _portNuma[port.PortNumber] = numa;
            foreach (RxqPoll poll in port.Queues)
            {
                int queue = poll.Rxq.QueueId;
                uint? pinned = port.Affinity.TryGetValue(queue, out uint core) ? core : null;
                long cycles = _config.AssignType == RxqAssignType.RoundRobin ? 0 : poll.TotalHistory();
                pmdQueues.Add(new SchedRxq(port.PortNumber, port.Name, queue, numa, pinned, cycles));
                byKey[(port.PortNumber, queue)] = poll;
            }
        }

        Main.SetPolls([.. mainPolls]);
        if (_pmds.Count == 0)
        {
            return;
        }

        IReadOnlyList<CpuCore> pmdCores = [.. _pmds.Select(p => new CpuCore(p.CoreId, p.NumaId))];
        SchedResult result = RxqScheduler.Schedule(pmdCores, pmdQueues, _config.AssignType, _config.Isolate);
        foreach (PmdThread pmd in _pmds)
        {
            List<SchedRxq> queues = result.Assigned.GetValueOrDefault(pmd.CoreId) ?? [];
            pmd.Isolated = result.Isolated.Contains(pmd.CoreId);
            pmd.SetPolls([.. queues.Select(q => byKey[(q.PortNumber, q.QueueId)])]);
        }
    }
}
