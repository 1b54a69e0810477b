// Upstream: vswitchd/bridge.c, the per-bridge part of bridge_reconfigure(): bridge_delete_or_reconfigure_ports(),
// bridge_add_ports(), iface_create(), iface_do_create(), iface_set_netdev_config(), iface_destroy() (OVS 3.1)
//
// A bridge as ovs-vswitchd's bridge layer sees it: the interfaces of its Port rows, each opened as a network device,
// configured from its options, and added to the bridge's Ofproto. One reconfiguration
//   1. deletes the interfaces that are no longer wanted, whose type changed, whose ofport_request now asks for
//      another number, or whose new options the device rejects ("bridge BR: deleted interface I on port N");
//   2. creates the missing ones, first those with an ofport_request and then the others, each pass walking the
//      ports in upstream's hash order, so numbers and log lines come out as upstream's do ("bridge BR: added
//      interface I on port N"); a failure is logged at WARN and the interface is tried again next time;
//   3. picks the bridge's Ethernet address and datapath ID (OfprotoBridge.Identity.cs);
//   4. reports every interface's status (OfprotoBridge.Status.cs).
// Names reserved for the datapath's own ports (tunnel backing ports "vxlan_sys_4789", ..., and "ovs-<type>") are
// refused with upstream's message.
// Threading: main loop only.
using Ovs.Common;
using Ovs.Common.Collections;
using Ovs.Common.Logging;
using Ovs.Netdev;
using Ovs.Ofproto.Core;

namespace Ovs.Vswitchd.Bridges;

internal sealed partial class OfprotoBridge : IBridge
{
    private static readonly VlogModule s_log = VlogModule.Get("bridge");
    private static readonly VlogModule s_netdevLog = VlogModule.Get("netdev");
    private static readonly VlogRateLimit s_addLimit = new(1, 5);

    /// <summary>
    /// The prefixes of the datapath port names tunnel devices use (upstream's vport classes' dpif_port), which no
    /// interface may take.
    /// </summary>
    private static readonly string[] s_reservedPrefixes =
        ["genev_sys", "gre_sys", "vxlan_sys", "lisp_sys", "stt_sys", "erspan_sys", "ip6erspan_sys", "ip6gre_sys", "gtpu_sys", "udp_sys"];

    private readonly Ofproto.Core.Ofproto _ofproto;
    private readonly OfprotoContext _context;
    private readonly NetdevRegistry _netdevs;
    private readonly Dictionary<string, Iface> _ifaces = new(StringComparer.Ordinal);

    public OfprotoBridge(Ofproto.Core.Ofproto ofproto, OfprotoContext context, bool selfConfine = false)
    {
        _ofproto = ofproto;
        _selfConfine = selfConfine;
        _context = context;
        _netdevs = context.Netdevs;
        _defaultAddress = RandomLocalAddress();
    }

    public string Name => _ofproto.Name;

    public Ofproto.Core.Ofproto Ofproto => _ofproto;

    public IReadOnlyList<InterfaceStatus> Reconfigure(BridgeConfig config)
    {
        var wanted = new Dictionary<string, (PortConfig Port, InterfaceConfig Iface)>(StringComparer.Ordinal);
        foreach (PortConfig port in config.Ports)
        {
            foreach (InterfaceConfig iface in port.Interfaces)
            {
                wanted.TryAdd(iface.Name, (port, iface));
            }
        }

        var errors = new Dictionary<Guid, string?>();
        DeleteOrReconfigure(wanted, errors);
        AddInterfaces(config, withRequest: true, errors);
        AddInterfaces(config, withRequest: false, errors);
        ConfigurePorts(wanted);
        ConfigureIdentity(config);
        ConfigureRemotes(config);
        ConfigureTables(config);
        ConfigureNormal(config);
        ConfigureMirrors(config);
        return CollectStatuses(config, errors);
    }

    public void ReconnectControllers() => _ofproto.Connections?.DisconnectAll();

    public string? DumpFlows(bool offloadStats) => _ofproto.DumpAllFlows(offloadStats);

    public void Destroy(bool deleteDatapath)
    {
        // As upstream's bridge_destroy(), each port goes with a "deleted interface" line, ports in hash order.
        var portNames = new List<string>();
        foreach (Iface iface in _ifaces.Values)
        {
            if (!portNames.Contains(iface.PortName))
            {
                portNames.Add(iface.PortName);
            }
        }

        foreach (string portName in OvsHash.StringMapOrder(portNames))
        {
            foreach (Iface iface in _ifaces.Values.Where(i => i.PortName == portName))
            {
                s_log.Info($"bridge {Name}: deleted interface {iface.Name} on port {iface.OfpPort}");
                _netdevs.Close(iface.Netdev);
            }
        }

        _ifaces.Clear();
        _ofproto.Destroy(deleteDatapath);
    }

    public void GetMemoryUsage(IDictionary<string, long> usage) =>
        usage["ports"] = (usage.TryGetValue("ports", out long n) ? n : 0) + _ofproto.Ports.Count;

    private void DeleteOrReconfigure(Dictionary<string, (PortConfig Port, InterfaceConfig Iface)> wanted, Dictionary<Guid, string?> errors)
    {
        foreach (Iface iface in _ifaces.Values.ToList())
        {
            if (!_ifaces.ContainsKey(iface.Name))
            {
                // Deleted above as the victim of another interface's ofport_request.
                continue;
            }

            if (!wanted.TryGetValue(iface.Name, out (PortConfig Port, InterfaceConfig Iface) cfg)
                || _ofproto.PortOpenType(InterfaceType(cfg.Iface)) != iface.Netdev.Type)
            {
                DeleteInterface(iface);
                continue;
            }

            if (MustMoveToRequestedPort(iface, cfg.Iface, wanted))
            {
                DeleteInterface(iface);
                continue;
            }


            iface.Uuid = cfg.Iface.Uuid;
            iface.PortName = cfg.Port.Name;
            if (!SameOptions(iface.Options, cfg.Iface.Options))
            {
                if (SetNetdevConfig(iface.Netdev, cfg.Iface.Options) is { } error)
                {
                    errors[cfg.Iface.Uuid] = error;
                    DeleteInterface(iface);
                    continue;
                }

                iface.Options = cfg.Iface.Options;
                _ofproto.ReconfigureTunnel(iface.OfpPort);
            }

            if (cfg.Iface.MtuRequest is long mtu)
            {
                iface.Netdev.SetMtu((int)mtu);
            }
        }
    }

    /// <summary>
    /// True when <paramref name="iface"/> asks for another OpenFlow number than it has, so it must be deleted and
    /// added back. When another interface holds that number, it is deleted too (to be added back with a new one),
    /// unless it asked for the same number: a conflict nothing can resolve, so both keep what they have.
    /// </summary>
    private bool MustMoveToRequestedPort(Iface iface, InterfaceConfig cfg, Dictionary<string, (PortConfig Port, InterfaceConfig Iface)> wanted)
    {
        if (cfg.OfportRequest is not long request || request == iface.OfpPort || iface.OfpPort == OfpPortNumber.Local)
        {
            return false;
        }

        Iface? victim = _ifaces.Values.FirstOrDefault(i => i.OfpPort == request);
        if (victim is null)
        {
            return true;
        }

        if (wanted.TryGetValue(victim.Name, out (PortConfig Port, InterfaceConfig Iface) victimCfg) && victimCfg.Iface.OfportRequest == request)
        {
            return false;
        }

        DeleteInterface(victim);
        return true;
    }

    private void DeleteInterface(Iface iface)
    {
        s_log.Info($"bridge {Name}: deleted interface {iface.Name} on port {iface.OfpPort}");
        _ofproto.DeletePort(iface.OfpPort);
        _netdevs.Close(iface.Netdev);
        _ifaces.Remove(iface.Name);
    }

    private void AddInterfaces(BridgeConfig config, bool withRequest, Dictionary<Guid, string?> errors)
    {
        var byName = new Dictionary<string, PortConfig>(StringComparer.Ordinal);
        foreach (PortConfig port in config.Ports)
        {
            byName.TryAdd(port.Name, port);
        }

        foreach (string portName in OvsHash.StringMapOrder(byName.Keys))
        {
            PortConfig port = byName[portName];
            foreach (InterfaceConfig iface in port.Interfaces)
            {
                if (_ifaces.ContainsKey(iface.Name) || (iface.OfportRequest is not null) != withRequest || errors.ContainsKey(iface.Uuid))
                {
                    continue;
                }

                if (CreateInterface(port, iface, out string? error) is { } created)
                {
                    _ifaces.Add(created.Name, created);
                }
                else
                {
                    errors[iface.Uuid] = error;
                }
            }
        }
    }

    /// <summary>iface_do_create: the interface, or null and the error text for the Interface row (may be null).</summary>
    private Iface? CreateInterface(PortConfig port, InterfaceConfig cfg, out string? error)
    {
        error = null;
        if (IsReservedName(cfg.Name))
        {
            s_log.Warn($"could not create interface {cfg.Name}, name is reserved");
            return null;
        }

        string type = _ofproto.PortOpenType(InterfaceType(cfg));
        int errno = _netdevs.Open(cfg.Name, type, out INetdev? netdev);
        if (errno != 0 || netdev is null)
        {
            if (errno == OvsErrno.EAFNOSUPPORT)
            {
                s_netdevLog.Warn($"could not create netdev {cfg.Name} of unknown type {type}");
            }

            error = $"could not open network device {cfg.Name} ({OvsErrno.StrError(errno != 0 ? errno : OvsErrno.ENODEV)})";
            s_log.Warn(error);
            return null;
        }

        error = SetNetdevConfig(netdev, cfg.Options);
        if (error is not null)
        {
            _netdevs.Close(netdev);
            return null;
        }

        if (cfg.MtuRequest is long mtu)
        {
            netdev.SetMtu((int)mtu);
        }

        ushort? request = cfg.OfportRequest is long r and > 0 and < OfpPortNumber.Max ? (ushort)r : null;
        errno = _ofproto.AddPort(netdev, request, out OfprotoPort? added);
        if (errno != 0 || added is null)
        {
            error = $"could not add network device {cfg.Name} to ofproto ({OvsErrno.StrError(errno)})";
            s_log.Warn(s_addLimit, error);
            _netdevs.Close(netdev);
            return null;
        }

        s_log.Info($"bridge {Name}: added interface {cfg.Name} on port {added.OfpPort}");
        return new Iface(cfg.Name, netdev, added.OfpPort) { Uuid = cfg.Uuid, PortName = port.Name, Options = cfg.Options };
    }

    /// <summary>iface_get_type: the bridge's own port is always "internal"; an empty type means "system".</summary>
    private string InterfaceType(InterfaceConfig cfg) => cfg.Name == Name ? "internal" : cfg.Type.Length == 0 ? "system" : cfg.Type;

    /// <summary>
    /// netdev_set_config: null, or after upstream's netdev|WARN line the device's error text (that line's text when
    /// the device gave none).
    /// </summary>
    private static string? SetNetdevConfig(INetdev netdev, IReadOnlyDictionary<string, string> options)
    {
        int errno = netdev.SetConfig(options, out string? error);
        if (errno == 0)
        {
            return null;
        }

        string message = $"{netdev.Name}: could not set configuration ({OvsErrno.StrError(errno)})";
        s_netdevLog.Warn(message);
        return error ?? message;
    }

    private bool IsReservedName(string name)
    {
        foreach (string prefix in s_reservedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // "ovs-<type>" names the datapath of each type (and its local port).
        return name.StartsWith("ovs-", StringComparison.Ordinal) && _context.DatapathTypes.Contains(name[4..], StringComparer.Ordinal);
    }

    private static bool SameOptions(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach ((string key, string value) in a)
        {
            if (!b.TryGetValue(key, out string? other) || other != value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One interface of the bridge.</summary>
    private sealed class Iface(string name, INetdev netdev, ushort ofpPort)
    {
        public string Name { get; } = name;

        public INetdev Netdev { get; } = netdev;

        public ushort OfpPort { get; } = ofpPort;

        public Guid Uuid { get; set; }

        public string PortName { get; set; } = string.Empty;

        public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();
    }
}
