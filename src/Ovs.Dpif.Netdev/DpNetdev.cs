// Upstream: struct dp_netdev, create_dp_netdev(), dp_netdev_free(), dpif_netdev_get_stats(), dpif_netdev_execute()
// and the thread reconfiguration of lib/dpif-netdev.c (OVS 3.1).
//
// A userspace datapath: its ports (DpNetdev.Ports.cs), one flow table shared by its threads (DpNetdev.Flows.cs), the
// pollers that move packets (the main thread for ordinary ports, PMD threads for PMD ports), and the upcall handler.
// The same class serves datapath types "netdev" and "dummy"; they differ only in the local port's netdev type and in
// how port numbers are chosen, as upstream's dummy class is dpif-netdev under another name.
//
// Concurrency: control operations (ports, thread layout) are serialised by _controlLock. Datapath threads read the
// port table and their poll lists through immutable snapshots published with Volatile.Write; a port is closed only
// after every running thread has passed a loop boundary since it was unpublished. Flow operations go straight to the
// flow table, which has its own writer lock and lock-free readers.
using Ovs.Common;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Dpif.Netdev.Pmd;
using Ovs.Dpif.Odp;
using Ovs.Netdev;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev;

internal sealed partial class DpNetdev
{
    private static readonly TimeSpan s_threadTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _controlLock = new();
    private readonly NetdevRegistry _netdevs;
    private readonly List<PmdThread> _pmds = [];
    private readonly DpNetdevConfig _config = new();
    private IDpifUpcallHandler? _upcallHandler;
    private bool _destroyed;

    private DpNetdev(string name, string dpifType, NetdevRegistry netdevs, DpNetdevOptions options)
    {
        Name = name;
        DpifType = dpifType;
        _netdevs = netdevs;
        Options = options;
        Main = new PmdThread(this, PmdThread.NonPmdCoreId, -1, 0);
    }

    public string Name { get; }

    /// <summary>"netdev" or "dummy".</summary>
    public string DpifType { get; }

    public bool IsDummy => DpifType != DpifNetdevProvider.NetdevType;

    public DpNetdevOptions Options { get; }

    public DpNetdevFlowTable FlowTable { get; } = new();

    /// <summary>The poller of ordinary ports; packet-out runs on its pipeline.</summary>
    public PmdThread Main { get; }

    /// <summary>The datapath's meters (run by flows' meter actions).</summary>
    public Meters.DpNetdevMeters Meters { get; } = new();

    /// <summary>Milliseconds on the datapath's clock (flow "used" times).</summary>
    public long NowMs => Now(1000);

    /// <summary>Microseconds on the datapath's clock (meters).</summary>
    public long NowUs => Now(1_000_000);

    private long Now(ulong unitsPerSecond)
    {
        TimeProvider time = Options.Time;
        return (long)((UInt128)(ulong)time.GetTimestamp() * unitsPerSecond / (ulong)time.TimestampFrequency);
    }

    public IDpifUpcallHandler? UpcallHandler => Volatile.Read(ref _upcallHandler);

    public void SetUpcallHandler(IDpifUpcallHandler? handler) => Volatile.Write(ref _upcallHandler, handler);

    /// <summary>Every poller: PMD threads by core id, then the main thread (upstream's sorted_poll_thread_list).</summary>
    public IReadOnlyList<PmdThread> Threads
    {
        get
        {
            lock (_controlLock)
            {
                var list = new List<PmdThread>(_pmds);
                list.Sort((a, b) => a.CoreId.CompareTo(b.CoreId));
                list.Add(Main);
                return list;
            }
        }
    }

    /// <summary>
    /// Creates a datapath with its local port (number 0, named like the datapath). Returns the local port's error
    /// when it cannot be opened.
    /// </summary>
    public static int Create(string name, string dpifType, NetdevRegistry netdevs, DpNetdevOptions options, out DpNetdev? dp)
    {
        var created = new DpNetdev(name, dpifType, netdevs, options);
        uint? local = 0;
        int error = created.PortAdd(name, "internal", ref local);
        if (error != 0)
        {
            dp = null;
            return error;
        }

        if (options.StartThreads)
        {
            created.Main.Start();
        }

        dp = created;
        return 0;
    }

    /// <summary>Stops the threads and closes every port. Idempotent.</summary>
    public void Destroy()
    {
        List<DpNetdevPort> ports;
        lock (_controlLock)
        {
            if (_destroyed)
            {
                return;
            }

            _destroyed = true;
            Main.Stop(s_threadTimeout);
            foreach (PmdThread pmd in _pmds)
            {
                pmd.Stop(s_threadTimeout);
            }

            _pmds.Clear();
            ports = [.. _portsByNumber.Values];
            _portsByNumber.Clear();
            PublishPorts();
        }

        foreach (DpNetdevPort port in ports)
        {
            port.CloseRxqs();
            _netdevs.Close(port.Netdev);
        }

        FlowTable.Flush();
    }

    /// <summary>Polls every queue of every poller once on the calling thread (for datapaths without threads).</summary>
    public int PollOnce()
    {
        int received = 0;
        foreach (PmdThread thread in Threads)
        {
            if (!thread.IsRunning)
            {
                received += thread.PollOnce();
            }
        }

        return received;
    }

    /// <summary>dpif_netdev_get_stats: packet lookups summed over the threads, and the flow count.</summary>
    public DpifDpStats GetStats()
    {
        long hits = 0, missed = 0, lost = 0;
        foreach (PmdThread thread in Threads)
        {
            PmdCounters c = thread.Pipeline.Read();
            hits += c.Hits;
            missed += c.MissUpcallOk;
            lost += c.MissUpcallFailed;
        }

        return new DpifDpStats((ulong)hits, (ulong)missed, (ulong)lost, (ulong)FlowTable.Count);
    }

    /// <summary>dpif_netdev_execute: runs actions on a packet given by the caller (packet-out).</summary>
    public int Execute(DpifExecute execute)
    {
        ReadOnlySpan<byte> frame = execute.Packet.Span;
        if (frame.Length < 14 || frame.Length > ushort.MaxValue)
        {
            return OvsErrno.EINVAL;
        }

        if (OdpFlowKey.ToFlow(execute.Metadata.Span, out Flow.FlowData md) == OdpKeyFitness.Error)
        {
            return OvsErrno.EINVAL;
        }

        var packet = new DpPacket(frame.Length);
        packet.TrySetFrame(frame);
        ushort inPort = md.U16(Flow.FlowLayout.InPort);
        packet.InPort = execute.Metadata.IsEmpty || inPort == OdpFlowKey.InPortNone ? uint.MaxValue : inPort;
        packet.RecircId = md.U32(Flow.FlowLayout.RecircId);
        packet.DpHash = md.U32(Flow.FlowLayout.DpHash);
        packet.SkbPriority = md.U32(Flow.FlowLayout.SkbPriority);
        packet.PktMark = md.U32(Flow.FlowLayout.PktMark);
        lock (Main.Pipeline.Sync)
        {
            Main.Pipeline.ExecuteActions(packet, execute.Actions.Span);
        }

        return 0;
    }

    /// <summary>The ODP key of a flow as the datapath reports it in upcalls (every field exact).</summary>
    internal static byte[] EncodeKey(in Flow.FlowData flow)
    {
        var allOnes = default(Flow.FlowData);
        allOnes.Bytes.Fill(0xff);
        Span<byte> buffer = stackalloc byte[2048];
        var writer = new Netlink.NlWriter(buffer);
        OdpFlowKey.FromFlow(flow, allOnes, ref writer);
        return writer.Written.ToArray();
    }

    /// <summary>Waits until no thread can still be using a queue or port that was just unpublished.</summary>
    private void WaitThreadsQuiescent()
    {
        Main.WaitQuiescent(s_threadTimeout);
        foreach (PmdThread pmd in _pmds)
        {
            pmd.WaitQuiescent(s_threadTimeout);
        }

        // Packet-out borrows the main pipeline under its lock; taking it once waits for one in flight.
        Main.Pipeline.Sync.Enter();
        Main.Pipeline.Sync.Exit();
    }
}
