// Upstream: the generic part of struct netdev in lib/netdev-provider.h (name, change_seq) (OVS 3.1)
//
// What every provider shares: identity, the change sequence and a link to the registry's connectivity sequence.
// Providers call Changed() after any attribute change that the bridge should notice.
using Ovs.Flow.Packets;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev;

internal abstract class NetdevBase(NetdevRegistry registry, string name, string type) : INetdev
{
    private long _changeSeq = 1;

    public string Name { get; } = name;

    public string Type { get; } = type;

    protected NetdevRegistry Registry { get; } = registry;

    public ulong ChangeSeq => (ulong)Interlocked.Read(ref _changeSeq);

    public virtual int RxqCount => 1;

    public virtual int TxqCount => 1;

    public virtual int GetCustomStats(List<KeyValuePair<string, ulong>> counters) => Common.OvsErrno.EOPNOTSUPP;

    public virtual int DumpQueues(List<uint> queueIds) => Common.OvsErrno.EOPNOTSUPP;

    protected void Changed()
    {
        Interlocked.Increment(ref _changeSeq);
        Registry.NotifyChanged();
    }

    public abstract string? SetConfig(IReadOnlyDictionary<string, string> options);

    public virtual int SetConfig(IReadOnlyDictionary<string, string> options, out string? error)
    {
        error = SetConfig(options);
        return error is null ? 0 : Common.OvsErrno.EINVAL;
    }

    public abstract IReadOnlyDictionary<string, string> GetConfig();

    public abstract int GetEtherAddress(out EthAddr address);

    public abstract int SetEtherAddress(EthAddr address);

    public abstract int GetMtu(out int mtu);

    public abstract int SetMtu(int mtu);

    public abstract int GetIfIndex(out int ifIndex);

    public abstract int GetCarrier(out bool carrier);

    public abstract int UpdateFlags(NetdevFlags off, NetdevFlags on, out NetdevFlags oldFlags);

    public abstract int GetStats(out NetdevStats stats);

    public virtual int GetStatus(IDictionary<string, string> status) => Common.OvsErrno.EOPNOTSUPP;

    public abstract int OpenRxq(int queueId, out INetdevRxq? rxq);

    public abstract int Send(int queueId, DpPacketBatch batch);

    public virtual void SendWait(int queueId, int timeoutMilliseconds)
    {
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
