// Upstream: dpif_netdev_port_add(), choose_port(), do_add_port(), port_create(), dpif_netdev_port_del(),
// dpif_netdev_port_query_by_number()/_by_name() and dpif_netdev_port_open_type() in lib/dpif-netdev.c (OVS 3.1).
//
// Port numbers: a requested number is used when free (EBUSY otherwise). Without one, the dummy datapath first tries
// the number in the port's name ("p2" → 2; names starting with "br" count from 100, so "br1" → 101), which keeps test
// output predictable; then, like the netdev datapath, it takes the lowest free number from 1. An "internal" port is
// opened as "tap" on the netdev datapath and "dummy-internal" on the dummy one. Errors are upstream's: EEXIST for a
// name already in the datapath, EFBIG when no number is left, EINVAL to delete the local port or for port numbers
// that cannot exist, ENODEV for a port that does not.
using Ovs.Common;
using Ovs.Netdev;

namespace Ovs.Dpif.Netdev;

internal sealed partial class DpNetdev
{
    /// <summary>ODPP_NONE.</summary>
    public const uint PortNone = uint.MaxValue;

    /// <summary>The highest port number a flow key can carry (FlowData holds a 16-bit in_port; 0xffff is none).</summary>
    public const uint MaxPortNumber = ushort.MaxValue - 1;

    private readonly SortedDictionary<uint, DpNetdevPort> _portsByNumber = [];
    private Dictionary<uint, DpNetdevPort> _portSnapshot = [];
    private DpNetdevPort[] _portList = [];

    /// <summary>The ports as datapath threads see them (lock-free).</summary>
    public IReadOnlyList<DpNetdevPort> PortSnapshot => Volatile.Read(ref _portList);

    /// <summary>The port with this number, or null. Lock-free, for datapath threads.</summary>
    public DpNetdevPort? FindPort(uint portNumber) => Volatile.Read(ref _portSnapshot).GetValueOrDefault(portNumber);

    /// <summary>dpif_netdev_port_open_type: the netdev type a port of this type is opened with.</summary>
    public string OpenType(string type) => OpenType(IsDummy, type);

    /// <summary>The same mapping for a datapath kind: "dummy-internal" on the dummy datapath, "tap" on netdev.</summary>
    public static string OpenType(bool isDummy, string type) =>
        type.Length == 0 ? "system" : type == "internal" ? (isDummy ? "dummy-internal" : "tap") : type;

    public int PortAdd(string name, string type, ref uint? portNumber)
    {
        string openType = OpenType(type);
        lock (_controlLock)
        {
            if (_destroyed)
            {
                return OvsErrno.ENODEV;
            }

            uint number;
            if (portNumber is uint requested)
            {
                if (requested > MaxPortNumber)
                {
                    return OvsErrno.EINVAL;
                }

                if (_portsByNumber.ContainsKey(requested))
                {
                    return OvsErrno.EBUSY;
                }

                number = requested;
            }
            else
            {
                number = ChoosePort(name);
                if (number == PortNone)
                {
                    return OvsErrno.EFBIG;
                }
            }

            foreach (DpNetdevPort existing in _portsByNumber.Values)
            {
                if (existing.Name == name)
                {
                    return OvsErrno.EEXIST;
                }
            }

            int error = OpenPort(name, openType, number, out DpNetdevPort? port);
            if (error != 0)
            {
                return error;
            }

            _portsByNumber.Add(number, port!);
            PublishPorts();
            Reconfigure();
            portNumber = number;
            return 0;
        }
    }

    public int PortDel(uint portNumber)
    {
        DpNetdevPort? port;
        lock (_controlLock)
        {
            if (portNumber == 0)
            {
                return OvsErrno.EINVAL;
            }

            if (portNumber == PortNone)
            {
                return OvsErrno.EINVAL;
            }

            if (!_portsByNumber.Remove(portNumber, out port))
            {
                return OvsErrno.ENODEV;
            }

            PublishPorts();
            Reconfigure();
            WaitThreadsQuiescent();
        }

        port.CloseRxqs();
        _netdevs.Close(port.Netdev);
        return 0;
    }

    public int PortQueryByNumber(uint portNumber, out DpifPort? port)
    {
        port = null;
        if (portNumber == PortNone)
        {
            return OvsErrno.EINVAL;
        }

        DpNetdevPort? found = FindPort(portNumber);
        if (found is null)
        {
            return OvsErrno.ENODEV;
        }

        port = found.ToDpifPort();
        return 0;
    }

    public int PortQueryByName(string name, out DpifPort? port)
    {
        foreach (DpNetdevPort p in PortSnapshot)
        {
            if (p.Name == name)
            {
                port = p.ToDpifPort();
                return 0;
            }
        }

        port = null;
        return OvsErrno.ENODEV;
    }

    public IReadOnlyList<DpifPort> PortDump()
    {
        DpNetdevPort[] ports = Volatile.Read(ref _portList);
        var list = new DpifPort[ports.Length];
        for (int i = 0; i < ports.Length; i++)
        {
            list[i] = ports[i].ToDpifPort();
        }

        return list;
    }

    private int OpenPort(string name, string openType, uint number, out DpNetdevPort? port)
    {
        port = null;
        int error = _netdevs.Open(name, openType, out INetdev? netdev);
        if (error != 0)
        {
            return error;
        }

        // Tunnel ports have no queues: their packets come and go through the datapath's push and pop actions.
        int rxqCount = Math.Max(0, netdev!.RxqCount);
        var rxqs = new List<INetdevRxq>(rxqCount);
        for (int q = 0; q < rxqCount; q++)
        {
            error = netdev.OpenRxq(q, out INetdevRxq? rxq);
            if (error != 0)
            {
                foreach (INetdevRxq opened in rxqs)
                {
                    opened.Dispose();
                }

                _netdevs.Close(netdev);
                return error;
            }

            rxqs.Add(rxq!);
        }

        port = new DpNetdevPort(number, netdev.Type, netdev, [.. rxqs]);
        return 0;
    }

    /// <summary>choose_port: a free number for a port added without one, or PortNone.</summary>
    private uint ChoosePort(string name)
    {
        if (IsDummy)
        {
            uint start = name.StartsWith("br", StringComparison.Ordinal) ? 100u : 0u;
            int digits = 0;
            while (digits < name.Length && !char.IsAsciiDigit(name[digits]))
            {
                digits++;
            }

            if (digits < name.Length)
            {
                int end = digits;
                ulong value = 0;
                while (end < name.Length && char.IsAsciiDigit(name[end]) && value <= MaxPortNumber)
                {
                    value = (value * 10) + (uint)(name[end] - '0');
                    end++;
                }

                ulong candidate = start + value;
                if (candidate > 0 && candidate <= MaxPortNumber && !_portsByNumber.ContainsKey((uint)candidate))
                {
                    return (uint)candidate;
                }
            }
        }

        for (uint number = 1; number <= MaxPortNumber; number++)
        {
            if (!_portsByNumber.ContainsKey(number))
            {
                return number;
            }
        }

        return PortNone;
    }

    private void PublishPorts()
    {
        Volatile.Write(ref _portSnapshot, new Dictionary<uint, DpNetdevPort>(_portsByNumber));
        Volatile.Write(ref _portList, [.. _portsByNumber.Values]);
    }
}
