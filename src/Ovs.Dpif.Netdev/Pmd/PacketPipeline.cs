// Upstream: dp_netdev_input__(), dfc_processing(), fast_path_processing(), packet_batch_per_flow_execute() and the
// output batching of dp_netdev_pmd_flush_output_packets() in lib/dpif-netdev.c (OVS 3.1).
//
// The packet path of one datapath thread. A received batch is parsed (runt frames are dropped and counted), each
// packet's flow key is built and looked up in the thread's caches (EMC, then SMC, then the shared megaflow
// classifier). The common packet (Ethernet/IPv4) is parsed straight into its key by MiniflowExtractor, any other by
// FlowExtractor into a full flow that is then compacted. Misses go to the upcall handler (PacketPipeline.Upcall.cs).
// Packets are then grouped per flow in arrival order, each flow's statistics are updated once per group (in the
// thread's own slot of the flow, see DpNetdevFlow), and the flow's actions run on the group through OdpExecutor,
// which hands outputs, recirculation and userspace actions back here (PacketPipeline.Host.cs); a flow whose actions
// are one output skips the interpreter (DpNetdevActions.OutputPort). Outputs are queued per port and sent as one
// batch per port when the received batch is done.
//
// Thread-safety: a pipeline belongs to one thread at a time. Its owner (a datapath thread) takes Sync around each
// batch, so that packet-out (DpNetdev.Execute) can borrow the main thread's pipeline from the control thread, as
// upstream's non_pmd_mutex does. Counters are written by the holder of Sync and read lock-free (64-bit reads).
// The per-packet path allocates nothing; misses and upcalls do.
using Ovs.Common.Diagnostics;
using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Execute;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Pmd;

internal sealed partial class PacketPipeline : IOdpExecuteHost
{
    /// <summary>MAX_RECIRC_DEPTH: recirculations (and nested userspace actions) allowed per received packet.</summary>
    public const int MaxRecircDepth = 6;

    private const int EthHeaderSize = 14;

    private static readonly CoverageCounter s_dropRxInvalid = CoverageCounter.Get("datapath_drop_rx_invalid_packet");

    private readonly DpNetdev _dp;
    private readonly DatapathFlowCache _cache;
    private readonly Scratch[] _levels = new Scratch[MaxRecircDepth + 1];
    private readonly Lock _baselineLock = new();
    private PmdCounters _baseline;
    private int _depth;
    private long _received;
    private long _recirculations;
    private long _relookupHits;
    private long _relookupLookups;
    private long _missUpcallOk;
    private long _missUpcallFailed;
    private long _sentPackets;
    private long _sentBatches;
    private long _idleTicks;
    private long _busyTicks;
    private long _rxInvalidDrops;
    private long _txErrors;
    private long _actionDrops;

    public PacketPipeline(DpNetdev dp, int threadIndex)
    {
        _dp = dp;
        ThreadIndex = threadIndex;
        _cache = new DatapathFlowCache(dp.FlowTable, dp.Options.EmcInsertInverseProbability, dp.Options.SmcEnabled);
        for (int i = 0; i < _levels.Length; i++)
        {
            _levels[i] = new Scratch();
        }
    }

    /// <summary>Taken by whoever runs packets through this pipeline.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Chooses the transmit queue of every port this pipeline sends on.</summary>
    public int ThreadIndex { get; }

    public DatapathFlowCache Cache => _cache;

    /// <summary>Frames shorter than an Ethernet header, dropped on receive.</summary>
    public long RxInvalidDrops => Volatile.Read(ref _rxInvalidDrops);

    /// <summary>Output batches a port refused, wholly or in part (a packet too big for its MTU, a device error).</summary>
    public long TxErrors => Volatile.Read(ref _txErrors);

    /// <summary>Packets dropped by actions this datapath cannot run, unknown ports or too deep recirculation.</summary>
    public long ActionDrops => Volatile.Read(ref _actionDrops);

    /// <summary>The counters since the last Clear.</summary>
    public PmdCounters Read()
    {
        PmdCounters now = ReadRaw();
        lock (_baselineLock)
        {
            return now - _baseline;
        }
    }

    /// <summary>pmd-stats-clear: later reads count from now.</summary>
    public void Clear()
    {
        PmdCounters now = ReadRaw();
        lock (_baselineLock)
        {
            _baseline = now;
        }
    }

    /// <summary>Adds the time of one poll iteration to the busy or idle total.</summary>
    public void AccountTicks(long ticks, bool busy)
    {
        if (busy)
        {
            Volatile.Write(ref _busyTicks, _busyTicks + ticks);
        }
        else
        {
            Volatile.Write(ref _idleTicks, _idleTicks + ticks);
        }
    }

    /// <summary>
    /// Processes packets just received on <paramref name="port"/> and sends the resulting output. The caller holds
    /// Sync. The batch is consumed.
    /// </summary>
    public void ProcessReceived(DpPacketBatch batch, DpNetdevPort port)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket packet = batch[i];
            packet.InPort = port.PortNumber;
            packet.RecircId = 0;
        }

        Volatile.Write(ref _received, _received + batch.Count);
        Process(batch, 0);
        FlushOutput();
    }

    /// <summary>Runs <paramref name="actions"/> on one packet (packet-out), then sends the output. Caller holds Sync.</summary>
    public void ExecuteActions(DpPacket packet, ReadOnlySpan<byte> actions)
    {
        DpPacketBatch single = _levels[0].Single;
        single.Add(packet);
        int saved = _depth;
        _depth = 0;
        OdpExecutor.Execute(single, actions, this);
        _depth = saved;
        single.ReleaseAll();
        FlushOutput();
    }

    /// <summary>
    /// Forgets the packets of a batch whose processing failed with an exception, wherever they were, so the next batch
    /// starts clean. They are not returned to their pools (one may sit in two places by then); the GC takes them.
    /// </summary>
    public void Recover()
    {
        _depth = 0;
        foreach (Scratch s in _levels)
        {
            s.Input.Clear();
            s.Single.Clear();
            foreach (DpPacketBatch group in s.GroupBatches)
            {
                group.Clear();
            }

            Array.Clear(s.Flows);
            Array.Clear(s.GroupFlows);
            Array.Clear(s.GroupSlots);
        }

        _pending.Clear();
        _lastOutput = null;
    }

    /// <summary>Periodic upkeep: sweeps one EMC entry of dead flows.</summary>
    public void Sweep() => _cache.Emc.SlowSweep();

    private PmdCounters ReadRaw() => new(
        Volatile.Read(ref _received),
        Volatile.Read(ref _recirculations),
        _cache.EmcHits,
        _cache.SmcHits,
        _cache.MegaflowHits + Volatile.Read(ref _relookupHits),
        _cache.MegaflowLookups + Volatile.Read(ref _relookupLookups),
        Volatile.Read(ref _missUpcallOk),
        Volatile.Read(ref _missUpcallFailed),
        Volatile.Read(ref _sentPackets),
        Volatile.Read(ref _sentBatches),
        Volatile.Read(ref _idleTicks),
        Volatile.Read(ref _busyTicks));

    /// <summary>dp_netdev_input__: classify, upcall the misses, then run each flow's actions on its packets.</summary>
    private void Process(DpPacketBatch batch, int depth)
    {
        Scratch s = _levels[depth];
        DpPacketBatch input = s.Input;
        int n = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket packet = batch[i];
            if (packet.Size < EthHeaderSize)
            {
                packet.Release();
                Volatile.Write(ref _rxInvalidDrops, _rxInvalidDrops + 1);
                s_dropRxInvalid.Hit();
                continue;
            }

            // Only these metadata fields are ever set here; the rest of s.Metadata stays zero.
            ref PacketMetadata md = ref s.Metadata;
            md.InPort = (ushort)packet.InPort;
            md.RecircId = packet.RecircId;
            md.DpHash = packet.DpHash;
            md.SkbPriority = packet.SkbPriority;
            md.PktMark = packet.PktMark;
            var offsets = default(LayerOffsets);
            if (!MiniflowExtractor.TryExtract(packet.Data, md, ref s.Keys[n], ref offsets, out s.TcpFlags[n]))
            {
                FlowExtractor.Extract(packet.Data, md, ref s.Flow, ref offsets);
                s.TcpFlags[n] = (ushort)(s.Flow.U16(FlowLayout.TcpFlags) & 0x0fff);
                s.Keys[n].Init(s.Flow);
            }

            packet.L2Offset = offsets.L2;
            packet.L2_5Offset = offsets.L2_5;
            packet.L3Offset = offsets.L3;
            packet.L4Offset = offsets.L4;
            packet.L2PadSize = offsets.L2PadSize;
            input.Add(packet);
            n++;
        }

        batch.Clear();
        if (n == 0)
        {
            return;
        }

        uint missing = _cache.Lookup(s.Keys.AsSpan(0, n), s.Flows);
        if (missing != 0)
        {
            HandleMisses(s, missing, depth);
        }

        int groups = 0;
        for (int i = 0; i < n; i++)
        {
            DpNetdevFlow? flow = s.Flows[i];
            if (flow is null)
            {
                continue;
            }

            s.Flows[i] = null;
            int g = s.FindGroup(flow, groups);
            if (g == groups)
            {
                s.GroupFlows[g] = flow;
                s.GroupBytes[g] = 0;
                s.GroupTcpFlags[g] = 0;
                groups++;
            }

            DpPacket packet = input[i];
            s.GroupBatches[g].Add(packet);
            s.GroupBytes[g] += packet.Size;
            s.GroupTcpFlags[g] |= s.TcpFlags[i];
        }

        input.Clear();
        long now = groups > 0 ? _dp.NowMs : 0;
        int saved = _depth;
        _depth = depth;
        for (int g = 0; g < groups; g++)
        {
            DpNetdevFlow flow = s.GroupFlows[g]!;
            s.GroupFlows[g] = null;
            s.GroupSlots[s.GroupSlotOf[g]] = 0;
            DpPacketBatch group = s.GroupBatches[g];
            flow.RecordHit(ThreadIndex, group.Count, s.GroupBytes[g], s.GroupTcpFlags[g], now);
            DpNetdevActions actions = flow.Actions;
            if (actions.OutputPort is uint port)
            {
                Output(group, port);
            }
            else
            {
                OdpExecutor.Execute(group, actions.Bytes.Span, this);
                group.ReleaseAll();
            }
        }

        _depth = saved;
    }

    /// <summary>Per-depth working storage, so that recirculation can re-enter Process without allocating.</summary>
    private sealed class Scratch
    {
        public readonly NetdevFlowKey[] Keys = new NetdevFlowKey[DpPacketBatch.MaxBurst];
        public readonly DpNetdevFlow?[] Flows = new DpNetdevFlow?[DpPacketBatch.MaxBurst];
        public readonly ushort[] TcpFlags = new ushort[DpPacketBatch.MaxBurst];
        public readonly DpNetdevFlow?[] GroupFlows = new DpNetdevFlow?[DpPacketBatch.MaxBurst];

        // Which group holds a flow's packets: an open-addressed table keyed by the flow's UFID (entries are group
        // index + 1, 0 = free), twice the burst size so it never fills; each group remembers its slot to free it.
        // A batch of 32 different flows costs one probe per packet instead of a scan of the groups so far.
        public readonly int[] GroupSlots = new int[GroupSlotCount];
        public readonly int[] GroupSlotOf = new int[DpPacketBatch.MaxBurst];
        public readonly DpPacketBatch[] GroupBatches = NewBatches();
        public readonly int[] GroupBytes = new int[DpPacketBatch.MaxBurst];
        public readonly ushort[] GroupTcpFlags = new ushort[DpPacketBatch.MaxBurst];
        public readonly DpPacketBatch Input = new();
        public readonly DpPacketBatch Single = new();
        public readonly DpclsRuleSlot Rule = new();
        public FlowData Flow;
        public PacketMetadata Metadata;

        private const int GroupSlotCount = 2 * DpPacketBatch.MaxBurst;

        /// <summary>The index of <paramref name="flow"/>'s group, or <paramref name="groups"/> (a new group, its slot taken).</summary>
        public int FindGroup(DpNetdevFlow flow, int groups)
        {
            int h = (int)(flow.Ufid.W0 & (GroupSlotCount - 1));
            while (true)
            {
                int entry = GroupSlots[h];
                if (entry == 0)
                {
                    GroupSlots[h] = groups + 1;
                    GroupSlotOf[groups] = h;
                    return groups;
                }

                if (ReferenceEquals(GroupFlows[entry - 1], flow))
                {
                    return entry - 1;
                }

                h = (h + 1) & (GroupSlotCount - 1);
            }
        }

        private static DpPacketBatch[] NewBatches()
        {
            var batches = new DpPacketBatch[DpPacketBatch.MaxBurst];
            for (int i = 0; i < batches.Length; i++)
            {
                batches[i] = new DpPacketBatch();
            }

            return batches;
        }
    }

    /// <summary>A one-element result array for single-key classifier lookups.</summary>
    private sealed class DpclsRuleSlot
    {
        public readonly Dpcls.DpclsRule?[] Rules = new Dpcls.DpclsRule?[1];
    }
}
