// Upstream: the attribute functions netdev-linux.c shares between its system, tap and internal classes (OVS 3.1)
//
// What a kernel-backed device shares: attributes through LinuxInterface ioctls, kernel link statistics merged with
// the drops only this process sees (runts, oversized frames, full transmit queues), and change tracking. Kernel
// counters of a tap device are seen from the host's side, so they are swapped (what the host transmits, we
// receive), as upstream does. Thread-safety: counters are updated with Interlocked by the polling and sending
// threads; everything else is control-thread work.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Flow.Packets;

namespace Ovs.Netdev.Linux;

internal abstract class LinuxNetdev(NetdevRegistry registry, string name, string type, LinuxInterface device, bool swapKernelStats)
    : NetdevBase(registry, name, type)
{
    private static readonly VlogModule s_log = VlogModule.Get("netdev");

    private long _rxRunts;
    private long _rxOversized;
    private long _rxDropped;
    private long _txDropped;
    private long _txErrors;
    private long _rxPackets;
    private long _rxBytes;
    private long _txPackets;
    private long _txBytes;

    protected LinuxInterface Device { get; } = device;

    /// <summary>Frame bytes a received packet can hold; larger frames are dropped as oversized.</summary>
    public int PacketRoom { get; init; } = PacketBuffers.PacketRoom;

    // Kernel devices take no options. Upstream accepts the configuration anyway and only warns, so a stray option
    // never marks the interface as failed.
    public override string? SetConfig(IReadOnlyDictionary<string, string> options)
    {
        if (options.Count > 0)
        {
            s_log.Log(VlogLevel.Warn, $"{Name}: arguments provided to device that is not configurable");
        }

        return null;
    }

    public override IReadOnlyDictionary<string, string> GetConfig() => new Dictionary<string, string>(StringComparer.Ordinal);

    public override int GetEtherAddress(out EthAddr address) => Device.GetEtherAddress(out address);

    public override int SetEtherAddress(EthAddr address)
    {
        int error = Device.GetEtherAddress(out EthAddr current);
        if (error == 0 && current == address)
        {
            return 0;
        }

        error = Device.SetEtherAddress(address);
        if (error == 0)
        {
            Changed();
        }

        return error;
    }

    public override int GetMtu(out int mtu) => Device.GetMtu(out mtu);

    public override int SetMtu(int mtu)
    {
        int error = Device.GetMtu(out int current);
        if (error == 0 && current == mtu)
        {
            return 0;
        }

        error = Device.SetMtu(mtu);
        if (error == 0)
        {
            Changed();
        }

        return error;
    }

    public override int GetIfIndex(out int ifIndex) => Device.GetIfIndex(out ifIndex);

    public override int GetCarrier(out bool carrier) => Device.GetCarrier(out carrier);

    public override int UpdateFlags(NetdevFlags off, NetdevFlags on, out NetdevFlags oldFlags)
    {
        int error = Device.UpdateFlags(off, on, out oldFlags);
        if (error == 0 && ((oldFlags | on) & ~off) != oldFlags)
        {
            Changed();
        }

        return error;
    }

    public override int GetStats(out NetdevStats stats)
    {
        int error = Device.GetKernelStats(out stats);
        if (error != 0)
        {
            // Without kernel counters, report what passed through this process.
            stats = NetdevStats.AllUnsupported;
            stats.RxPackets = (ulong)Interlocked.Read(ref _rxPackets);
            stats.RxBytes = (ulong)Interlocked.Read(ref _rxBytes);
            stats.TxPackets = (ulong)Interlocked.Read(ref _txPackets);
            stats.TxBytes = (ulong)Interlocked.Read(ref _txBytes);
            stats.RxErrors = 0;
            stats.RxDropped = 0;
            stats.TxDropped = 0;
            stats.TxErrors = 0;
            stats.RxLengthErrors = 0;
            stats.RxOverErrors = 0;
        }
        else if (swapKernelStats)
        {
            (stats.RxPackets, stats.TxPackets) = (stats.TxPackets, stats.RxPackets);
            (stats.RxBytes, stats.TxBytes) = (stats.TxBytes, stats.RxBytes);
            (stats.RxErrors, stats.TxErrors) = (stats.TxErrors, stats.RxErrors);
            (stats.RxDropped, stats.TxDropped) = (stats.TxDropped, stats.RxDropped);
        }

        ulong runts = (ulong)Interlocked.Read(ref _rxRunts);
        ulong oversized = (ulong)Interlocked.Read(ref _rxOversized);
        stats.RxDropped = Add(stats.RxDropped, (ulong)Interlocked.Read(ref _rxDropped) + runts + oversized);
        stats.RxErrors = Add(stats.RxErrors, runts + oversized);
        stats.RxLengthErrors = Add(stats.RxLengthErrors, runts);
        stats.RxOverErrors = Add(stats.RxOverErrors, oversized);
        stats.TxDropped = Add(stats.TxDropped, (ulong)Interlocked.Read(ref _txDropped));
        stats.TxErrors = Add(stats.TxErrors, (ulong)Interlocked.Read(ref _txErrors));
        return 0;
    }

    private static ulong Add(ulong kernel, ulong ours) => kernel == NetdevStats.Unsupported ? ours : kernel + ours;

    /// <summary>Frames shorter than an Ethernet header that a receive queue dropped.</summary>
    public long RxRuntCount => Interlocked.Read(ref _rxRunts);

    /// <summary>Frames larger than a packet buffer (or truncated by the ring) that a receive queue dropped.</summary>
    public long RxOversizedCount => Interlocked.Read(ref _rxOversized);

    internal void CountRxRunt() => Interlocked.Increment(ref _rxRunts);

    internal void CountRxOversized() => Interlocked.Increment(ref _rxOversized);

    internal void CountRxDropped(long count) => Interlocked.Add(ref _rxDropped, count);

    internal void CountRx(int size)
    {
        Interlocked.Increment(ref _rxPackets);
        Interlocked.Add(ref _rxBytes, size);
    }

    internal void CountTx(int size)
    {
        Interlocked.Increment(ref _txPackets);
        Interlocked.Add(ref _txBytes, size);
    }

    internal void CountTxDropped(long count) => Interlocked.Add(ref _txDropped, count);

    internal void CountTxError() => Interlocked.Increment(ref _txErrors);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Device.Dispose();
        }
    }

    protected static int Errno(int fallback) => fallback != 0 ? fallback : OvsErrno.EIO;
}
