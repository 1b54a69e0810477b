// Upstream: vswitchd/bridge.c, bridge_reconfigure(), add_del_bridges() and bridge_destroy() (OVS 3.1)
//
// Turns the desired state (a SwitchConfig read from the database) into existing bridges, the way upstream's
// bridge_reconfigure() does:
//   1. collect the wanted bridges, ignoring names with '/' or '\' and names given twice (rate-limited WARNs);
//   2. destroy bridges that are no longer wanted or whose datapath type changed;
//   3. create the missing ones through the IBridgeProvider, in upstream's shash order of names; a bridge that
//      cannot be created is reported at ERR ("failed to create bridge NAME: REASON") and tried again at the next
//      reconfiguration, and its interfaces are left alone in the database, as upstream leaves them;
//   4. hand every existing bridge its ports and interfaces, collecting each interface's status; a failed
//      interface (logged by the bridge) is stored as ofport -1 plus the error text.
// The result says what to write back; the caller writes it together with cur_cfg.
// Threading: main loop only. The reconciler owns the IBridge instances.
using Ovs.Common;
using Ovs.Common.Collections;
using Ovs.Common.Logging;

namespace Ovs.Vswitchd.Bridges;

internal sealed class BridgeReconciler
{
    private static readonly VlogModule s_log = VlogModule.Get("bridge");
    private static readonly VlogRateLimit s_nameLimit = new(1, 5);

    private readonly IBridgeProvider _provider;
    private readonly Dictionary<string, (IBridge Bridge, string Type)> _bridges = new(StringComparer.Ordinal);
    private Dictionary<string, BridgeConfig> _lastConfig = new(StringComparer.Ordinal);

    public BridgeReconciler(IBridgeProvider provider) => _provider = provider;

    public IBridgeProvider Provider => _provider;

    /// <summary>The bridges that exist, by name.</summary>
    public IReadOnlyCollection<string> BridgeNames => _bridges.Keys;

    /// <summary>Applies <paramref name="config"/>; returns the interface statuses to store in the database.</summary>
    public IReadOnlyList<InterfaceStatus> Reconfigure(SwitchConfig config)
    {
        _provider.ConfigureGlobal(config.OtherConfig);
        Dictionary<string, BridgeConfig> wanted = CollectBridges(config);

        foreach (string name in _bridges.Keys.ToList())
        {
            (IBridge bridge, string type) = _bridges[name];
            if (!wanted.TryGetValue(name, out BridgeConfig? cfg) || cfg.NormalizedDatapathType != type)
            {
                _bridges.Remove(name);
                bridge.Destroy(deleteDatapath: true);
            }
        }

        foreach (string name in OvsHash.StringMapOrder(wanted.Keys))
        {
            BridgeConfig cfg = wanted[name];
            if (_bridges.ContainsKey(name))
            {
                continue;
            }

            int error = _provider.TryCreate(cfg, out IBridge? created);
            if (error != 0 || created is null)
            {
                s_log.Err($"failed to create bridge {name}: {OvsErrno.StrError(error)}");
                continue;
            }

            _bridges[name] = (created, cfg.NormalizedDatapathType);
        }

        _provider.ConfigureDatapaths(config.OtherConfig);
        var statuses = new List<InterfaceStatus>();
        foreach (string name in OvsHash.StringMapOrder(wanted.Keys))
        {
            if (!_bridges.TryGetValue(name, out (IBridge Bridge, string Type) entry))
            {
                continue;
            }

            statuses.AddRange(entry.Bridge.Reconfigure(wanted[name]));
        }

        _provider.RunDatapaths();

        _lastConfig = wanted;
        return statuses;
    }

    /// <summary>Every existing bridge's interface statuses, read again from the devices.</summary>
    public IReadOnlyList<InterfaceStatus> RefreshStatuses()
    {
        var statuses = new List<InterfaceStatus>();
        foreach ((IBridge bridge, _) in _bridges.Values)
        {
            statuses.AddRange(bridge.RefreshStatuses());
        }

        return statuses;
    }

    /// <summary>The datapath_id/datapath_version of each bridge of the last reconfiguration that reports them.</summary>
    public IReadOnlyList<BridgeStatus> BridgeStatuses()
    {
        var list = new List<BridgeStatus>();
        foreach ((string name, BridgeConfig cfg) in _lastConfig)
        {
            if (_bridges.TryGetValue(name, out (IBridge Bridge, string Type) entry) && entry.Bridge.Status is { } status)
            {
                list.Add(new BridgeStatus(cfg.Uuid, status.DatapathId, status.DatapathVersion));
            }
        }

        return list;
    }

    /// <summary>
    /// refresh_controller_status(): for each Controller row of each bridge of the last reconfiguration, the state of
    /// its target on that bridge, or null for a target with no active connection (a passive one), whose row is
    /// then cleared.
    /// </summary>
    /// <summary>
    /// mirror_refresh_stats(): for each Mirror row of each bridge of the last reconfiguration, what was sent to it, or
    /// null when the bridge has no such mirror (a row it could not configure), whose statistics are then cleared.
    /// </summary>
    public IReadOnlyList<(Guid Mirror, (long Packets, long Bytes)? Statistics)> MirrorStatistics()
    {
        var list = new List<(Guid, (long, long)?)>();
        foreach ((string name, BridgeConfig cfg) in _lastConfig)
        {
            _bridges.TryGetValue(name, out (IBridge Bridge, string Type) entry);
            foreach (MirrorConfig mirror in cfg.Mirrors)
            {
                list.Add((mirror.Uuid, entry.Bridge?.MirrorStatistics(mirror.Name)));
            }
        }

        return list;
    }

    public IReadOnlyList<(Guid Controller, Ofproto.Connmgr.ControllerStatus? Status)> ControllerStatuses()
    {
        var list = new List<(Guid, Ofproto.Connmgr.ControllerStatus?)>();
        foreach ((string name, BridgeConfig cfg) in _lastConfig)
        {
            if (cfg.Controllers.Count == 0 || !_bridges.TryGetValue(name, out (IBridge Bridge, string Type) entry))
            {
                continue;
            }

            IReadOnlyList<Ofproto.Connmgr.ControllerStatus> statuses = entry.Bridge.ControllerStatuses();
            foreach (ControllerConfig controller in cfg.Controllers)
            {
                list.Add((controller.Uuid, statuses.FirstOrDefault(s => s.Target == controller.Target)));
            }
        }

        return list;
    }

    /// <summary>
    /// bridge/reconnect: reconnects the controllers of bridge <paramref name="name"/>, or of every bridge when
    /// null. False when there is no such bridge.
    /// </summary>
    public bool Reconnect(string? name)
    {
        if (name is null)
        {
            foreach ((IBridge bridge, _) in _bridges.Values)
            {
                bridge.ReconnectControllers();
            }

            return true;
        }

        if (!_bridges.TryGetValue(name, out (IBridge Bridge, string Type) entry))
        {
            return false;
        }

        entry.Bridge.ReconnectControllers();
        return true;
    }

    /// <summary>bridge/dump-flows: the flows of bridge <paramref name="name"/>, or null when there is no such bridge.</summary>
    public string? DumpFlows(string name, bool offloadStats) =>
        _bridges.TryGetValue(name, out (IBridge Bridge, string Type) entry) ? entry.Bridge.DumpFlows(offloadStats) ?? string.Empty : null;

    /// <summary>
    /// Destroys every bridge: when another ovs-vswitchd holds the database lock, and at exit (with
    /// <paramref name="deleteDatapaths"/> for exit --cleanup).
    /// </summary>
    public void DestroyAll(bool deleteDatapaths)
    {
        foreach ((IBridge bridge, _) in _bridges.Values)
        {
            bridge.Destroy(deleteDatapaths);
        }

        _bridges.Clear();
    }

    public void GetMemoryUsage(IDictionary<string, long> usage)
    {
        foreach ((IBridge bridge, _) in _bridges.Values)
        {
            bridge.GetMemoryUsage(usage);
        }
    }

    private static Dictionary<string, BridgeConfig> CollectBridges(SwitchConfig config)
    {
        var wanted = new Dictionary<string, BridgeConfig>(StringComparer.Ordinal);
        foreach (BridgeConfig bridge in config.Bridges)
        {
            if (bridge.Name.Contains('/', StringComparison.Ordinal) || bridge.Name.Contains('\\', StringComparison.Ordinal))
            {
                // A bridge name becomes a file name (its management socket), so a remote database user must not be
                // able to point it elsewhere, e.g. "../../../etc/".
                s_log.Warn(s_nameLimit, $"ignoring bridge with invalid name \"{bridge.Name}\"");
            }
            else if (!wanted.TryAdd(bridge.Name, bridge))
            {
                s_log.Warn(s_nameLimit, $"bridge {bridge.Name} specified twice");
            }
        }

        return wanted;
    }
}
