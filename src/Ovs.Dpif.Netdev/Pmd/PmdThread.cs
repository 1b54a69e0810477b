// Upstream: struct dp_netdev_pmd_thread, pmd_thread_main() and the non-PMD "main thread" polling of dpif_netdev_run()
// in lib/dpif-netdev.c (OVS 3.1).
//
// One poller of a datapath: the main thread (core id NonPmdCoreId) polls the queues of ordinary ports, PMD threads
// poll those of PMD ports (see DpNetdevPort.IsPmd), as upstream splits them. Each poller has its own pipeline (caches,
// counters) and runs on a dedicated thread, or, when the datapath runs no threads, whenever its owner calls PollOnce.
//
// The poll list is an immutable array published by the control thread. The loop bumps Epoch before reading it, so
// once Epoch has moved past a value read after a publish, the thread no longer uses the old list (WaitQuiescent), and
// the control thread may close the queues it dropped. Idle loops yield a few times and then wait up to 1 ms on the
// queue, or on the descriptors of all its queues at once when polling several (RxqWaitSet), so an idle datapath
// costs little CPU on a shared machine and a packet on any queue ends the wait at once. Every 10 ms the main thread
// services the stream connections of the datapath's dummy ports (upstream's netdev_dummy_run).
using System.Diagnostics;
using Ovs.Common.Logging;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Pmd;

internal sealed class PmdThread
{
    /// <summary>NON_PMD_CORE_ID: the core id of the main thread.</summary>
    public const uint NonPmdCoreId = uint.MaxValue;

    private const int IdleSpins = 16;
    private const long MaintenanceIntervalMs = 10;

    private static readonly VlogModule s_log = VlogModule.Get("dpif_netdev");
    private static readonly VlogRateLimit s_errorRateLimit = new(1, 5);

    private readonly DpNetdev _dp;
    private readonly DpPacketBatch _rx = new();
    private readonly RxqWaitSet _waitSet = new();
    private RxqPoll[] _polls = [];
    private Thread? _thread;
    private volatile bool _stop;
    private long _epoch;
    private int _idleLoops;
    private long _lastMaintenanceMs;

    public PmdThread(DpNetdev dp, uint coreId, int numaId, int threadIndex)
    {
        _dp = dp;
        CoreId = coreId;
        NumaId = numaId;
        Pipeline = new PacketPipeline(dp, threadIndex);
    }

    public uint CoreId { get; }

    /// <summary>NUMA node; -1 (unspecified) for the main thread.</summary>
    public int NumaId { get; }

    public bool IsMain => CoreId == NonPmdCoreId;

    public PacketPipeline Pipeline { get; }

    /// <summary>Busy time per 5-second interval, for pmd-rxq-show.</summary>
    public PmdIntervals Intervals { get; } = new();

    public IReadOnlyList<RxqPoll> Polls => Volatile.Read(ref _polls);

    public bool IsRunning => _thread is not null;

    /// <summary>Whether the thread polls only queues pinned to it by pmd-rxq-affinity (pmd-rxq-show's "isolated").</summary>
    public bool Isolated { get; set; }

    public void SetPolls(RxqPoll[] polls) => Volatile.Write(ref _polls, polls);

    public void Start()
    {
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = IsMain ? $"dp:{_dp.Name}:main" : $"pmd-c{CoreId:D2}/{_dp.Name}",
        };
        _thread.Start();
    }

    /// <summary>Stops the thread and waits for it (bounded); false if it did not stop in time.</summary>
    public bool Stop(TimeSpan timeout)
    {
        _stop = true;
        Thread? thread = _thread;
        _thread = null;
        return thread is null || thread.Join(timeout);
    }

    /// <summary>Waits until the thread has finished the loop iteration that may use a poll list just replaced.</summary>
    public void WaitQuiescent(TimeSpan timeout)
    {
        Thread? thread = _thread;
        if (thread is null || thread == Thread.CurrentThread)
        {
            return;
        }

        long seen = Interlocked.Read(ref _epoch);
        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref _epoch) == seen && thread.IsAlive && deadline.Elapsed < timeout)
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>Polls every queue once; returns the packets received. Runs on the poller's thread (or its owner).</summary>
    public int PollOnce()
    {
        Interlocked.Increment(ref _epoch);
        RxqPoll[] polls = Volatile.Read(ref _polls);
        long start = Stopwatch.GetTimestamp();
        int received = 0;
        foreach (RxqPoll poll in polls)
        {
            received += PollRxq(poll);
        }

        long end = Stopwatch.GetTimestamp();
        if (!IsMain)
        {
            // As upstream, only PMD threads measure their time (the main thread's cycles are never shown).
            Pipeline.AccountTicks(end - start, received > 0);
            Intervals.Account(end, end - start, received > 0, polls);
        }

        Pipeline.Sweep();
        if (IsMain)
        {
            // Paced by real time: the datapath's clock may be stopped (time/stop), and dummy ports' connections
            // must still be served.
            long tick = Environment.TickCount64;
            if (tick - _lastMaintenanceMs >= MaintenanceIntervalMs)
            {
                _lastMaintenanceMs = tick;
                RunMaintenance(_dp.NowMs);
            }
        }

        return received;
    }

    private int PollRxq(RxqPoll poll)
    {
        long start = Stopwatch.GetTimestamp();
        lock (Pipeline.Sync)
        {
            int error = poll.Rxq.Receive(_rx);
            if (error != 0 || _rx.IsEmpty)
            {
                _rx.ReleaseAll();
                return 0;
            }

            int count = _rx.Count;
            try
            {
                Pipeline.ProcessReceived(_rx, poll.Port);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug on the packet path (an action the executor chokes on, say) costs this batch, not the
                // thread: every port behind it would stop forwarding.
                s_log.Log(VlogLevel.Err, s_errorRateLimit, $"{_dp.Name}: packets from {poll.Port.Name} dropped by an unexpected error: {e}");
                Pipeline.Recover();
                _rx.Clear();
            }

            poll.AddTicks(Stopwatch.GetTimestamp() - start);
            return count;
        }
    }

    private void RunMaintenance(long nowMs)
    {
        _dp.FlowTable.Classifier.OptimizeIfDue(nowMs);
        foreach (DpNetdevPort port in _dp.PortSnapshot)
        {
            (port.Netdev as DummyNetdev)?.Run(nowMs);
        }
    }

    private void Run()
    {
        RxqPollingThread.Enter();
        try
        {
            while (!_stop)
            {
                if (PollOnce() > 0)
                {
                    _idleLoops = 0;
                    continue;
                }

                Idle();
            }
        }
        catch (Exception e)
        {
            // A datapath thread's root: a bug here must be visible, and must not take the process down with it.
            s_log.Log(VlogLevel.Err, $"{Thread.CurrentThread.Name}: datapath thread stopped by an unexpected error: {e}");
        }
        finally
        {
            _waitSet.Dispose();
        }
    }

    private void Idle()
    {
        if (++_idleLoops < IdleSpins)
        {
            Thread.Yield();
            return;
        }

        RxqPoll[] polls = Volatile.Read(ref _polls);
        if (polls.Length == 1)
        {
            polls[0].Rxq.Wait(1);
        }
        else
        {
            _waitSet.Wait(polls, static poll => poll.Rxq, 1);
        }
    }
}

/// <summary>One receive queue a poller polls, with the time spent processing its packets (pmd-rxq-show).</summary>
internal sealed class RxqPoll(DpNetdevPort port, INetdevRxq rxq)
{
    private long _ticks;

    public DpNetdevPort Port { get; } = port;

    public INetdevRxq Rxq { get; } = rxq;

    private readonly long[] _history = new long[PmdIntervals.HistoryLength];

    /// <summary>Processing time in the current interval.</summary>
    public long Ticks => Volatile.Read(ref _ticks);

    public void AddTicks(long ticks) => Volatile.Write(ref _ticks, _ticks + ticks);

    /// <summary>Closes an interval: its processing time goes into the history slot <paramref name="index"/>.</summary>
    public void EndInterval(int index)
    {
        Volatile.Write(ref _history[index], Volatile.Read(ref _ticks));
        Volatile.Write(ref _ticks, 0);
    }

    /// <summary>Processing time over every closed interval kept (what queue assignment weighs queues by).</summary>
    public long TotalHistory()
    {
        long sum = 0;
        foreach (long ticks in _history)
        {
            sum += Volatile.Read(in ticks);
        }

        return sum;
    }

    /// <summary>Processing time over the last <paramref name="count"/> closed intervals.</summary>
    public long SumHistory(int newest, int count) => PmdIntervals.Sum(_history, newest, count);
}
