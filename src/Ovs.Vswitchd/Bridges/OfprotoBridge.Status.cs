// Upstream: vswitchd/bridge.c, iface_refresh_netdev_status(), iface_refresh_stats() and the datapath_id/
// datapath_version write-back of bridge_reconfigure() (OVS 3.1)
//
// What each interface's device says about itself, in the Interface columns upstream fills: admin_state from the
// device flags, link_state from the carrier, mtu, mac_in_use, ifindex (0 when the kernel does not know the device),
// status, and statistics with the counters the device keeps (a counter it does not keep is left out rather than
// shown as 0). link_speed and duplex stay empty: no device here reports link features.
using Ovs.Flow.Packets;
using Ovs.Netdev;

namespace Ovs.Vswitchd.Bridges;

internal sealed partial class OfprotoBridge
{
    /// <summary>The Bridge row's datapath_id and datapath_version.</summary>
    public (string DatapathId, string DatapathVersion)? Status =>
        (DatapathIdText, _ofproto.Backer.Dpif.DatapathVersion ?? "<unknown>");

    public IReadOnlyList<InterfaceStatus> RefreshStatuses()
    {
        // A device changed: controllers hear of ports whose OpenFlow description changed with it.
        _ofproto.RunPorts();
        var statuses = new List<InterfaceStatus>(_ifaces.Count);
        foreach (Iface iface in _ifaces.Values)
        {
            statuses.Add(new InterfaceStatus(iface.Uuid, iface.OfpPort, null, ReadState(iface.Netdev)));
        }

        return statuses;
    }

    private List<InterfaceStatus> CollectStatuses(BridgeConfig config, Dictionary<Guid, string?> errors)
    {
        var statuses = new List<InterfaceStatus>();
        foreach (PortConfig port in config.Ports)
        {
            foreach (InterfaceConfig cfg in port.Interfaces)
            {
                if (_ifaces.TryGetValue(cfg.Name, out Iface? iface) && iface.Uuid == cfg.Uuid)
                {
                    statuses.Add(new InterfaceStatus(cfg.Uuid, iface.OfpPort, null, ReadState(iface.Netdev)));
                }
                else
                {
                    statuses.Add(InterfaceStatus.Failed(cfg.Uuid, errors.GetValueOrDefault(cfg.Uuid)));
                }
            }
        }

        return statuses;
    }

    internal static InterfaceState ReadState(INetdev netdev)
    {
        var status = new Dictionary<string, string>(StringComparer.Ordinal);
        if (netdev.GetStatus(status) != 0)
        {
            status.Clear();
        }

        string? admin = netdev.UpdateFlags(NetdevFlags.None, NetdevFlags.None, out NetdevFlags flags) == 0
            ? ((flags & NetdevFlags.Up) != 0 ? "up" : "down")
            : null;
        string link = NetdevCarrier.IsUp(netdev) ? "up" : "down";
        long? mtu = netdev.GetMtu(out int value) == 0 ? value : null;
        string? mac = netdev.GetEtherAddress(out EthAddr address) == 0 ? address.ToString() : null;
        long ifIndex = netdev.GetIfIndex(out int index) == 0 && index > 0 ? index : 0;
        return new InterfaceState(admin, link, 0, null, null, mtu, mac, ifIndex, status, ReadStatistics(netdev));
    }

    private static List<KeyValuePair<string, long>> ReadStatistics(INetdev netdev)
    {
        var list = new List<KeyValuePair<string, long>>();
        if (netdev.GetStats(out NetdevStats stats) != 0)
        {
            return list;
        }

        Add("rx_packets", stats.RxPackets);
        Add("tx_packets", stats.TxPackets);
        Add("rx_bytes", stats.RxBytes);
        Add("tx_bytes", stats.TxBytes);
        Add("rx_dropped", stats.RxDropped);
        Add("tx_dropped", stats.TxDropped);
        Add("rx_errors", stats.RxErrors);
        Add("tx_errors", stats.TxErrors);
        Add("rx_frame_err", stats.RxFrameErrors);
        Add("rx_over_err", stats.RxOverErrors);
        Add("rx_crc_err", stats.RxCrcErrors);
        Add("rx_missed_errors", stats.RxMissedErrors);
        Add("collisions", stats.Collisions);
        Add("rx_multicast_packets", stats.Multicast);
        return list;

        void Add(string name, ulong counter)
        {
            if (counter != NetdevStats.Unsupported)
            {
                list.Add(new KeyValuePair<string, long>(name, (long)counter));
            }
        }
    }
}
