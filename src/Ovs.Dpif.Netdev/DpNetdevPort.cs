// Upstream: struct dp_netdev_port in lib/dpif-netdev.c (OVS 3.1).
// One port of a userspace datapath: the netdev it was opened as, its receive queues (opened when the port is added,
// closed when it is deleted) and a lock per transmit queue, because several datapath threads, and packet-out from the
// control thread, may send on the same queue (upstream's XPS locking, without the dynamic queue choice).
using Ovs.Netdev;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev;

internal sealed class DpNetdevPort
{
    /// <summary>The netdev type whose queues datapath (PMD) threads poll; all others are polled by the main thread.</summary>
    public const string PmdNetdevType = "dummy-pmd";

    private readonly Lock[] _txLocks;

    public DpNetdevPort(uint portNumber, string type, INetdev netdev, INetdevRxq[] rxqs)
    {
        PortNumber = portNumber;
        Type = type;
        Netdev = netdev;
        Rxqs = rxqs;
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

    public IReadOnlyList<INetdevRxq> Rxqs { get; }

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
        foreach (INetdevRxq rxq in Rxqs)
        {
            rxq.Dispose();
        }
    }
}
