// Upstream: struct dp_netdev_port in lib/dpif-netdev.c (OVS 3.1).
// One port of a userspace datapath: the netdev it was opened as, its receive queues (opened when the port is added,
// reopened when the device's queue count changes, closed when it is deleted) with their processing-time history, the
// queue-to-core pinning of pmd-rxq-affinity, and a lock per transmit queue, because several datapath threads, and packet-out from the
// control thread, may send on the same queue (upstream's XPS locking, without the dynamic queue choice).
using Ovs.Dpif.Netdev.Pmd;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev;

internal sealed class DpNetdevPort
{
    /// <summary>The netdev type whose queues datapath (PMD) threads poll; all others are polled by the main thread.</summary>
    public const string PmdNetdevType = "dummy-pmd";

    private readonly Lock[] _txLocks;

    private RxqPoll[] _queues;

    public DpNetdevPort(uint portNumber, string type, INetdev netdev, INetdevRxq[] rxqs)
    {
        PortNumber = portNumber;
        Type = type;
        Netdev = netdev;
        _queues = [.. rxqs.Select(rxq => new RxqPoll(this, rxq))];
        int txqs = Math.Max(1, netdev.TxqCount);
        _txLocks = new Lock[txqs];
        for (int i = 0; i < txqs; i++)
        {
            _txLocks[i] = new Lock();
        }
    }

    public uint PortNumber { get; }

    public string Name => Netdev.Name;

    /// <summary>The netdev type the port was opened with (what PortQuery and dpctl/show report).</summary>
    public string Type { get; }

    public INetdev Netdev { get; }

    /// <summary>The receive queues, each with its processing-time history (kept across reassignments).</summary>
    public IReadOnlyList<RxqPoll> Queues => Volatile.Read(ref _queues);

    /// <summary>pmd-rxq-affinity: queue id to the core that must poll it.</summary>
    public IReadOnlyDictionary<int, uint> Affinity { get; set; } = new Dictionary<int, uint>();

    /// <summary>The NUMA node the port's device is on (option numa_id of dummy-pmd devices; 0 otherwise).</summary>
    public int NumaId => (Netdev as DummyNetdev)?.NumaId ?? 0;

    /// <summary>Whether the device now has another number of receive queues than the port has open.</summary>
    public bool NeedsRxqReopen => Netdev.RxqCount > 0 && Netdev.RxqCount != Volatile.Read(ref _queues).Length;

    /// <summary>Whether PMD threads poll this port's queues (upstream's netdev_is_pmd).</summary>
    public bool IsPmd => Type == PmdNetdevType;

    public DpifPort ToDpifPort() => new(Name, Type, PortNumber);

    /// <summary>Sends the batch on transmit queue <paramref name="thread"/> modulo the queue count; empties the batch.</summary>
    public int Send(int thread, DpPacketBatch batch)
    {
        int queue = (int)((uint)thread % (uint)_txLocks.Length);
        lock (_txLocks[queue])
        {
            return Netdev.Send(queue, batch);
        }
    }

    /// <summary>Closes the receive queues; the caller closes the netdev through its registry.</summary>
    public void CloseRxqs()
    {
        foreach (RxqPoll queue in Volatile.Read(ref _queues))
        {
            queue.Rxq.Dispose();
        }
    }

    /// <summary>
    /// Closes the receive queues and opens as many as the device now has. The caller has made sure no thread polls
    /// them. On failure the port is left without queues and the error returned.
    /// </summary>
    public int ReopenRxqs()
    {
        CloseRxqs();
        Volatile.Write(ref _queues, []);
        var opened = new List<RxqPoll>();
        for (int q = 0; q < Netdev.RxqCount; q++)
        {
            int error = Netdev.OpenRxq(q, out INetdevRxq? rxq);
            if (error != 0)
            {
                foreach (RxqPoll poll in opened)
                {
                    poll.Rxq.Dispose();
                }

                return error;
            }

            opened.Add(new RxqPoll(this, rxq!));
        }

        Volatile.Write(ref _queues, [.. opened]);
        return 0;
    }
}
