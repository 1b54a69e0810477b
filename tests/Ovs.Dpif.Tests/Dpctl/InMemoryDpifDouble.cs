// A test double for dpctl's tests: an in-memory datapath with the observable behaviour of upstream's dummy
// datapath that dpctl's output depends on (port 0 is the datapath's own "dummy-internal" port, ports are dummy
// netdevs opened through the shared NetdevRegistry, flows are stored in the canonical form with recirc_id and
// in_port matched exactly, named by UFID, and dumped as the main thread's flows of the "ovs" layer; connection
// tracker settings with the dummy datapath's defaults). It forwards nothing and runs no actions; it is not shipped.
// The real datapath is Ovs.Dpif.Netdev's.
using Ovs.Common;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Netdev;

namespace Ovs.Dpif.Tests.Dpctl;

internal sealed class InMemoryDpifProviderDouble(string type, NetdevRegistry netdevs) : IDpifProvider
{
    private readonly Dictionary<string, InMemoryDpifDouble> _datapaths = new(StringComparer.Ordinal);

    public string Type { get; } = type;

    public NetdevRegistry Netdevs { get; } = netdevs;

    public int Open(string name, bool create, out IDpif? dpif)
    {
        dpif = null;
        if (_datapaths.TryGetValue(name, out InMemoryDpifDouble? existing))
        {
            if (create)
            {
                return OvsErrno.EEXIST;
            }

            dpif = existing;
            return 0;
        }

        if (!create)
        {
            return OvsErrno.ENODEV;
        }

        var created = new InMemoryDpifDouble(this, name);
        uint? local = 0;
        int error = created.PortAdd(name, "dummy-internal", ref local);
        if (error != 0)
        {
            return error;
        }

        _datapaths.Add(name, created);
        dpif = created;
        return 0;
    }

    public IReadOnlyList<string> EnumerateNames() => [.. _datapaths.Keys];

    internal void Remove(string name) => _datapaths.Remove(name);
}

internal sealed class InMemoryDpifDouble(InMemoryDpifProviderDouble provider, string name) : IDpif, IDpifConntrack
{
    private uint _maxConnections = 3000000;
    private bool _tcpSequenceChecking = true;

    private readonly SortedDictionary<uint, (DpifPort Port, INetdev Netdev)> _ports = [];
    private readonly List<DpifFlow> _flows = [];

    public string Name { get; } = name;

    public string Type => provider.Type;

    public int PortAdd(string name, string type, ref uint? portNumber)
    {
        foreach ((DpifPort port, _) in _ports.Values)
        {
            if (port.Name == name)
            {
                return OvsErrno.EEXIST;
            }
        }

        uint number = portNumber ?? NumberFromName(name);
        if (portNumber is null)
        {
            number = number != 0 && !_ports.ContainsKey(number) ? number : 1;
            while (_ports.ContainsKey(number))
            {
                number++;
            }
        }
        else if (_ports.ContainsKey(number))
        {
            return OvsErrno.EBUSY;
        }

        int error = provider.Netdevs.Open(name, type, out INetdev? netdev);
        if (error != 0)
        {
            return error;
        }

        _ports.Add(number, (new DpifPort(name, type, number), netdev!));
        portNumber = number;
        return 0;
    }

    public int PortDel(uint portNumber)
    {
        if (portNumber == 0)
        {
            return OvsErrno.EINVAL;
        }

        if (!_ports.Remove(portNumber, out (DpifPort Port, INetdev Netdev) entry))
        {
            return OvsErrno.ENOENT;
        }

        provider.Netdevs.Close(entry.Netdev);
        return 0;
    }

    public int PortQueryByNumber(uint portNumber, out DpifPort? port)
    {
        port = _ports.TryGetValue(portNumber, out (DpifPort Port, INetdev Netdev) entry) ? entry.Port : null;
        return port is null ? OvsErrno.ENODEV : 0;
    }

    public int PortQueryByName(string name, out DpifPort? port)
    {
        port = _ports.Values.Select(e => e.Port).FirstOrDefault(p => p.Name == name);
        return port is null ? OvsErrno.ENODEV : 0;
    }

    public IReadOnlyList<DpifPort> PortDump() => [.. _ports.Values.Select(e => e.Port)];

    public int FlowPut(DpifFlowPut put, out DpifFlowStats stats)
    {
        stats = default;
        Ufid ufid = put.Ufid ?? Dpif.Dpctl.FlowKeyUfid.Compute(put.Key.Span);
        int index = Find(ufid);
        if (index < 0)
        {
            if ((put.Flags & DpifFlowPutFlags.Create) == 0)
            {
                return OvsErrno.ENOENT;
            }

            if (!Canonicalize(put.Key.Span, put.Mask.Span, out byte[] key, out byte[] mask))
            {
                return OvsErrno.EINVAL;
            }

            _flows.Add(new DpifFlow(key, mask, put.Actions.ToArray(), ufid, default, new DpifFlowAttrs(false, "ovs", null), DpifFlow.NonPmdCoreId));
            return 0;
        }

        if ((put.Flags & DpifFlowPutFlags.Modify) == 0)
        {
            return OvsErrno.EEXIST;
        }

        DpifFlow old = _flows[index];
        stats = old.Stats;
        _flows[index] = old with
        {
            Actions = put.Actions.ToArray(),
            Stats = (put.Flags & DpifFlowPutFlags.ZeroStats) != 0 ? default : old.Stats,
        };
        return 0;
    }

    public int FlowGet(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlow? flow)
    {
        int index = Find(ufid ?? Dpif.Dpctl.FlowKeyUfid.Compute(key.Span));
        flow = index < 0 ? null : _flows[index];
        return index < 0 ? OvsErrno.ENOENT : 0;
    }

    public int FlowDel(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlowStats stats)
    {
        int index = Find(ufid ?? Dpif.Dpctl.FlowKeyUfid.Compute(key.Span));
        if (index < 0)
        {
            stats = default;
            return OvsErrno.ENOENT;
        }

        stats = _flows[index].Stats;
        _flows.RemoveAt(index);
        return 0;
    }

    public int FlowFlush()
    {
        _flows.Clear();
        return 0;
    }

    public IReadOnlyList<DpifFlow> FlowDump() => [.. _flows];

    public int Execute(DpifExecute execute) => OvsErrno.EOPNOTSUPP;

    public void SetUpcallHandler(IDpifUpcallHandler? handler)
    {
    }

    public DpifDpStats GetStats() => new(0, 0, 0, (ulong)_flows.Count);

    public int Destroy()
    {
        foreach ((_, INetdev netdev) in _ports.Values)
        {
            provider.Netdevs.Close(netdev);
        }

        _ports.Clear();
        provider.Remove(Name);
        return 0;
    }

    public void Dispose()
    {
    }

    public int Flush(ushort? zone) => 0;

    public int SetMaxConnections(uint maxConnections)
    {
        _maxConnections = maxConnections;
        return 0;
    }

    public int GetMaxConnections(out uint maxConnections)
    {
        maxConnections = _maxConnections;
        return 0;
    }

    public int GetConnectionCount(out uint connections)
    {
        connections = 0;
        return 0;
    }

    public int SetTcpSequenceChecking(bool enabled)
    {
        _tcpSequenceChecking = enabled;
        return 0;
    }

    public int GetTcpSequenceChecking(out bool enabled)
    {
        enabled = _tcpSequenceChecking;
        return 0;
    }

    /// <summary>The dummy datapath's port numbering: a name ending in digits asks for that number ("vif3" → 3).</summary>
    private static uint NumberFromName(string name)
    {
        int start = name.Length;
        while (start > 0 && char.IsAsciiDigit(name[start - 1]))
        {
            start--;
        }

        return start < name.Length && uint.TryParse(name.AsSpan(start), out uint n) && n < 65280 ? n : 0;
    }

    private int Find(Ufid ufid) => _flows.FindIndex(f => f.Ufid == ufid);

    /// <summary>
    /// The userspace datapath's form of a flow: recirc_id and in_port always matched exactly; a key that lacks what
    /// its own fields call for (eth_type ARP without arp()) is refused.
    /// </summary>
    private static bool Canonicalize(ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, out byte[] outKey, out byte[] outMask)
    {
        var fullKey = new NlWriter(new byte[key.Length + 16]);
        var fullMask = new NlWriter(new byte[mask.Length + 16]);
        if (!NlAttrReader.TryFind(key, OdpKeyAttr.RecircId, out _))
        {
            fullKey.PutU32(OdpKeyAttr.RecircId, 0);
            fullMask.PutU32(OdpKeyAttr.RecircId, uint.MaxValue);
        }

        var keyBuffer = new byte[fullKey.Length + key.Length];
        fullKey.Written.CopyTo(keyBuffer);
        key.CopyTo(keyBuffer.AsSpan(fullKey.Length));
        var maskBuffer = new byte[fullMask.Length + mask.Length];
        fullMask.Written.CopyTo(maskBuffer);
        mask.CopyTo(maskBuffer.AsSpan(fullMask.Length));

        var k = new NlWriter(new byte[65536]);
        var m = new NlWriter(new byte[65536]);
        bool ok = OdpFlowKey.Canonicalize(keyBuffer, maskBuffer, true, ref k, ref m) is OdpKeyFitness.Perfect or OdpKeyFitness.TooMuch;
        outKey = k.Written.ToArray();
        outMask = m.Written.ToArray();
        return ok;
    }
}
