// Upstream: struct netdev_dummy and its class functions in lib/netdev-dummy.c (OVS 3.1)
//
// An in-memory network device. Behaviour kept from upstream because tests observe it:
//  - MAC aa:55:xx:xx:xx:xx from a process-wide counter, MTU 1500 (68..65535 accepted), administratively up;
//  - ifindex only when options:ifindex sets it, otherwise EOPNOTSUPP; carrier always up;
//  - options:pcap (both directions), rxq_pcap and tx_pcap append to classic pcap files;
//  - Send checks each frame against 14 bytes and MTU + 14 (+4 for a VLAN tag) and stops at the first bad one
//    with EMSGSIZE; sent frames go to tx_pcap and the stream connection, and count in tx_packets/tx_bytes;
//  - injected frames go to rxq_pcap and to every open receive queue with the given id holding fewer than 100
//    packets; they count in rx_packets/rx_bytes when a queue hands them out, one packet per Receive call;
//  - only rx/tx packets and bytes are kept; the other counters read as unsupported;
//  - with an IPv4 address set, ARP requests for it that are sent get an answer (DummyNetdev.Addresses.cs).
//
// Thread-safety: one monitor (_sync) guards all state; Receive, Send and Inject may run on different threads.
using System.Buffers.Binary;
using System.Globalization;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Flow.Packets;
using Ovs.Netdev.Packets;
using Ovs.Netdev.Pcap;

namespace Ovs.Netdev.Dummy;

internal sealed partial class DummyNetdev : NetdevBase
{
    public const int MaxQueueLength = 100;
    public const int MinMtu = 68;
    public const int MaxMtu = 65535;
    public const int MaxQueuesPerPort = 1024;
    private const int EthHeaderSize = 14;
    private const int VlanHeaderSize = 4;

    private static readonly VlogModule s_log = VlogModule.Get("netdev_dummy");

    private readonly object _sync = new();
    private readonly bool _isPmd;
    private readonly TimeProvider _time;
    private readonly List<DummyRxq> _rxqs = [];
    private EthAddr _mac;
    private int _mtu = 1500;
    private NetdevFlags _flags = NetdevFlags.Up;
    private int _ifIndex = -OvsErrno.EOPNOTSUPP;
    private ulong _rxPackets;
    private ulong _rxBytes;
    private ulong _txPackets;
    private ulong _txBytes;
    private ulong _customPackets;
    private readonly Dictionary<int, (ulong Bytes, ulong Packets)> _rxqStats = [];
    private readonly Dictionary<int, (ulong Bytes, ulong Packets)> _txqStats = [];
    private PcapWriter? _rxPcap;
    private PcapWriter? _txPcap;
    private int _rxqCount = 1;
    private int _txqCount = 1;
    private int _numaId;
    private readonly DummyConnection _connection;

    public DummyNetdev(NetdevRegistry registry, string name, string type, uint number, bool isPmd, TimeProvider time)
        : base(registry, name, type)
    {
        _isPmd = isPmd;
        _time = time;
        _mac = EthAddr.FromBits(0xaa55_0000_0000UL | number);
        _connection = new DummyConnection(this);
    }

    public override int RxqCount
    {
        get
        {
            lock (_sync)
            {
                return _rxqCount;
            }
        }
    }

    public override int TxqCount
    {
        get
        {
            lock (_sync)
            {
                return _txqCount;
            }
        }
    }

    public override string? SetConfig(IReadOnlyDictionary<string, string> options)
    {
        lock (_sync)
        {
            _ifIndex = GetInt(options, "ifindex", -OvsErrno.EOPNOTSUPP);
            _connection.SetConfig(options);

            ClosePcaps();
            if (options.TryGetValue("pcap", out string? both))
            {
                _rxPcap = OpenPcap(both);
                _txPcap = _rxPcap;
            }
            else
            {
                if (options.TryGetValue("rxq_pcap", out string? rx))
                {
                    _rxPcap = OpenPcap(rx);
                }

                if (options.TryGetValue("tx_pcap", out string? tx))
                {
                    _txPcap = OpenPcap(tx);
                }
            }

            if (_isPmd)
            {
                int rxqs = Math.Max(GetInt(options, "n_rxq", 1), 1);
                int txqs = Math.Max(GetInt(options, "n_txq", 1), 1);
                if (rxqs > MaxQueuesPerPort || txqs > MaxQueuesPerPort)
                {
                    s_log.Log(VlogLevel.Warn, $"The one or both of interface {Name} queues(rxq: {rxqs}, txq: {txqs}) exceed {MaxQueuesPerPort}. Sets it {MaxQueuesPerPort}.\n");
                    rxqs = Math.Min(rxqs, MaxQueuesPerPort);
                    txqs = Math.Min(txqs, MaxQueuesPerPort);
                }

                if (rxqs != _rxqCount || txqs != _txqCount)
                {
                    // As upstream, a new number of queues starts the per-queue and custom counters over.
                    _rxqStats.Clear();
                    _txqStats.Clear();
                    _customPackets = 0;
                }

                _rxqCount = rxqs;
                _txqCount = txqs;
                _numaId = GetInt(options, "numa_id", 0);
            }
        }

        Changed();
        return null;
    }

    public override IReadOnlyDictionary<string, string> GetConfig()
    {
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal);
        lock (_sync)
        {
            if (_ifIndex >= 0)
            {
                config["ifindex"] = _ifIndex.ToString(CultureInfo.InvariantCulture);
            }

            _connection.GetConfig(config);
            if (_isPmd)
            {
                config["requested_rx_queues"] = _rxqCount.ToString(CultureInfo.InvariantCulture);
                config["configured_rx_queues"] = _rxqCount.ToString(CultureInfo.InvariantCulture);
                config["requested_tx_queues"] = _txqCount.ToString(CultureInfo.InvariantCulture);
                config["configured_tx_queues"] = _txqCount.ToString(CultureInfo.InvariantCulture);
            }
        }

        return config;
    }

    public int NumaId
    {
        get
        {
            lock (_sync)
            {
                return _numaId;
            }
        }
    }

    public override int GetEtherAddress(out EthAddr address)
    {
        lock (_sync)
        {
            address = _mac;
        }

        return 0;
    }

    public override int SetEtherAddress(EthAddr address)
    {
        bool changed;
        lock (_sync)
        {
            changed = _mac != address;
            _mac = address;
        }

        if (changed)
        {
            Changed();
        }

        return 0;
    }

    public override int GetMtu(out int mtu)
    {
        lock (_sync)
        {
            mtu = _mtu;
        }

        return 0;
    }

    public override int SetMtu(int mtu)
    {
        if (mtu is < MinMtu or > MaxMtu)
        {
            return OvsErrno.EINVAL;
        }

        bool changed;
        lock (_sync)
        {
            changed = _mtu != mtu;
            _mtu = mtu;
        }

        if (changed)
        {
            Changed();
        }

        return 0;
    }

    public override int GetIfIndex(out int ifIndex)
    {
        lock (_sync)
        {
            ifIndex = _ifIndex;
        }

        if (ifIndex < 0)
        {
            int error = -ifIndex;
            ifIndex = 0;
            return error;
        }

        return 0;
    }

    public override int GetCarrier(out bool carrier)
    {
        carrier = true;
        return 0;
    }

    public override int UpdateFlags(NetdevFlags off, NetdevFlags on, out NetdevFlags oldFlags)
    {
        bool changed;
        lock (_sync)
        {
            oldFlags = _flags;
            if (((off | on) & ~(NetdevFlags.Up | NetdevFlags.Promisc)) != 0)
            {
                return OvsErrno.EINVAL;
            }

            _flags = (_flags | on) & ~off;
            changed = _flags != oldFlags;
        }

        if (changed)
        {
            Changed();
        }

        return 0;
    }

    /// <summary>Sets or clears the administrative up flag (netdev-dummy/set-admin-state).</summary>
    public void SetAdminState(bool up) =>
        UpdateFlags(up ? NetdevFlags.None : NetdevFlags.Up, up ? NetdevFlags.Up : NetdevFlags.None, out _);

    public override int GetStats(out NetdevStats stats)
    {
        stats = NetdevStats.AllUnsupported;
        lock (_sync)
        {
            stats.RxPackets = _rxPackets;
            stats.RxBytes = _rxBytes;
            stats.TxPackets = _txPackets;
            stats.TxBytes = _txBytes;
        }

        return 0;
    }

    /// <summary>Two custom counters of received packets, then bytes and packets per receive and transmit queue.</summary>
    public override int GetCustomStats(List<KeyValuePair<string, ulong>> counters)
    {
        lock (_sync)
        {
            counters.Add(new("rx_custom_packets_1", _customPackets));
            counters.Add(new("rx_custom_packets_2", _customPackets));
            for (int i = 0; i < _rxqCount; i++)
            {
                (ulong bytes, ulong packets) = QueueCounters(_rxqStats, i);
                counters.Add(new($"rx_q{i}_bytes", bytes));
                counters.Add(new($"rx_q{i}_packets", packets));
            }

            for (int i = 0; i < _txqCount; i++)
            {
                (ulong bytes, ulong packets) = QueueCounters(_txqStats, i);
                counters.Add(new($"tx_q{i}_bytes", bytes));
                counters.Add(new($"tx_q{i}_packets", packets));
            }
        }

        return 0;
    }

    /// <summary>A dummy device has exactly one queue, 0, with no statistics.</summary>
    public override int DumpQueues(List<uint> queueIds)
    {
        queueIds.Add(0);
        return 0;
    }

    private static (ulong Bytes, ulong Packets) QueueCounters(Dictionary<int, (ulong, ulong)> stats, int queue) =>
        stats.GetValueOrDefault(queue);

    private static void CountQueue(Dictionary<int, (ulong Bytes, ulong Packets)> stats, int queue, int size)
    {
        (ulong bytes, ulong packets) = stats.GetValueOrDefault(queue);
        stats[queue] = (bytes + (ulong)size, packets + 1);
    }

    public override int OpenRxq(int queueId, out INetdevRxq? rxq)
    {
        lock (_sync)
        {
            if ((uint)queueId >= (uint)_rxqCount)
            {
                rxq = null;
                return OvsErrno.EINVAL;
            }

            var q = new DummyRxq(this, queueId);
            _rxqs.Add(q);
            rxq = q;
        }

        return 0;
    }

    internal void CloseRxq(DummyRxq rxq)
    {
        lock (_sync)
        {
            _rxqs.Remove(rxq);
        }
    }

    internal void CountReceived(int queueId, int size)
    {
        lock (_sync)
        {
            _rxPackets++;
            _rxBytes += (ulong)size;
            _customPackets++;
            CountQueue(_rxqStats, queueId, size);
        }
    }

    public override int Send(int queueId, DpPacketBatch batch)
    {
        int error = 0;
        lock (_sync)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                Span<byte> frame = batch[i].Data;
                if (frame.Length < EthHeaderSize)
                {
                    error = OvsErrno.EMSGSIZE;
                    break;
                }

                int maxSize = _mtu + EthHeaderSize;
                if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == 0x8100)
                {
                    maxSize += VlanHeaderSize;
                }

                if (frame.Length > maxSize)
                {
                    error = OvsErrno.EMSGSIZE;
                    break;
                }

                _txPackets++;
                _txBytes += (ulong)frame.Length;
                CountQueue(_txqStats, queueId, frame.Length);
                _connection.Send(frame);
                AnswerArpLocked(frame);
                _txPcap?.Write(frame);
            }
        }

        batch.ReleaseAll();
        return error;
    }

    /// <summary>
    /// Delivers <paramref name="frame"/> as if it arrived from the wire on receive queue <paramref name="queueId"/>
    /// (netdev-dummy/receive). Returns EINVAL when the queue id is out of range; a full queue drops silently as
    /// upstream's does.
    /// </summary>
    public int Inject(ReadOnlySpan<byte> frame, int queueId) => Inject(frame, queueId, null);

    /// <summary>
    /// As <see cref="Inject(ReadOnlySpan{byte}, int)"/>, adding to <paramref name="queued"/> each queue that took the
    /// frame with the frame's sequence number there, for <see cref="WaitProcessed"/>.
    /// </summary>
    internal int Inject(ReadOnlySpan<byte> frame, int queueId, List<(DummyRxq Rxq, long Sequence)>? queued)
    {
        lock (_sync)
        {
            if ((uint)queueId >= (uint)_rxqCount)
            {
                return OvsErrno.EINVAL;
            }

            InjectLocked(frame, queueId, queued);
        }

        return 0;
    }

    internal void InjectLocked(ReadOnlySpan<byte> frame, int queueId, List<(DummyRxq Rxq, long Sequence)>? queued = null)
    {
        _rxPcap?.Write(frame);
        foreach (DummyRxq rxq in _rxqs)
        {
            if (rxq.QueueId == queueId)
            {
                long sequence = rxq.Enqueue(frame);
                if (sequence != 0)
                {
                    queued?.Add((rxq, sequence));
                }
            }
        }
    }

    /// <summary>
    /// Waits, at most <paramref name="timeoutMilliseconds"/> in all, until the datapath threads polling the queues
    /// in <paramref name="queued"/> have processed those frames (frames of a queue nobody polls are not waited for).
    /// </summary>
    internal static void WaitProcessed(List<(DummyRxq Rxq, long Sequence)> queued, int timeoutMilliseconds)
    {
        long deadline = Environment.TickCount64 + timeoutMilliseconds;
        foreach ((DummyRxq rxq, long sequence) in queued)
        {
            rxq.WaitProcessed(sequence, (int)Math.Max(0, deadline - Environment.TickCount64));
        }
    }

    /// <summary>The state netdev-dummy/conn-state reports: only an active stream has one.</summary>
    public DummyConnState ConnState
    {
        get
        {
            lock (_sync)
            {
                return _connection.State;
            }
        }
    }

    /// <summary>
    /// Services the stream connection (accept, connect, send, receive); the control loop calls it as upstream's
    /// netdev_dummy_run. <paramref name="nowMilliseconds"/> drives the reconnect backoff.
    /// </summary>
    public void Run(long nowMilliseconds)
    {
        lock (_sync)
        {
            _connection.Run(nowMilliseconds);
        }
    }

    private PcapWriter? OpenPcap(string path)
    {
        int error = PcapWriter.Open(path, append: true, _time, out PcapWriter? writer);
        if (error != 0)
        {
            s_log.Log(VlogLevel.Warn, $"{path}: failed to open pcap file for appending ({OvsErrno.StrError(error)})");
        }

        return writer;
    }

    private void ClosePcaps()
    {
        _rxPcap?.Dispose();
        if (!ReferenceEquals(_txPcap, _rxPcap))
        {
            _txPcap?.Dispose();
        }

        _rxPcap = null;
        _txPcap = null;
    }

    // smap_get_int(): a missing or unparsable value gives the default (atoi semantics are close enough for the
    // integers these options hold, but an unparsable value must not throw).
    private static int GetInt(IReadOnlyDictionary<string, string> options, string key, int defaultValue) =>
        options.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : defaultValue;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_sync)
            {
                ClosePcaps();
                _connection.Close();
            }
        }
    }
}
