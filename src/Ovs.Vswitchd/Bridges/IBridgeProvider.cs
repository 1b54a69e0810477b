// Upstream: the part of ofproto/ofproto.h and lib/netdev.h that vswitchd/bridge.c calls: ofproto_create(),
// ofproto_enumerate_types(), netdev_enumerate_types(), ofproto_port_add() (OVS 3.1)
//
// Where the OpenFlow switch layer plugs into the daemon. The reconciler asks a provider for one IBridge per Bridge
// row and hands each bridge its ports and interfaces; the provider (ofproto over a datapath, once Ovs.Ofproto
// exists) does the work and reports, per interface, the OpenFlow port it got or why it could not be created.
// Threading: every member is called on the daemon's main loop.
namespace Ovs.Vswitchd.Bridges;

/// <summary>Creates bridges of the datapath types it knows.</summary>
internal interface IBridgeProvider
{
    /// <summary>The datapath types bridges can use (the Open_vSwitch "datapath_types" column), sorted.</summary>
    IReadOnlyList<string> DatapathTypes { get; }

    /// <summary>The interface types that can be created (the "iface_types" column), sorted.</summary>
    IReadOnlyList<string> InterfaceTypes { get; }

    /// <summary>
    /// Creates the bridge <paramref name="config"/> describes, without its ports. Returns 0 and the bridge, or a
    /// positive errno value; the provider logs the details of a failure as upstream's ofproto does.
    /// </summary>
    int TryCreate(BridgeConfig config, out IBridge? bridge);

    /// <summary>Increases whenever a device's state changes (upstream's connectivity seq); 0 when not tracked.</summary>
    ulong ChangeSeq => 0;

    /// <summary>Applies the daemon-wide settings of the Open_vSwitch row's other_config (bundle-idle-timeout, flow-limit,
    /// max-idle, ...) before the bridges.</summary>
    void ConfigureGlobal(IReadOnlyDictionary<string, string> otherConfig)
    {
    }

    /// <summary>
    /// ofproto_type_set_config for every datapath type: hands the Open_vSwitch other_config to the datapaths that
    /// exist (called after bridges are created, before their ports are configured, as upstream's bridge does).
    /// </summary>
    void ConfigureDatapaths(IReadOnlyDictionary<string, string> otherConfig)
    {
    }

    /// <summary>ofproto_type_run's dpif_run: lets the datapaths act on what their devices asked for.</summary>
    void RunDatapaths()
    {
    }
}

/// <summary>A bridge that exists (upstream's struct ofproto behind struct bridge).</summary>
internal interface IBridge
{
    string Name { get; }

    /// <summary>
    /// Brings the bridge's ports and interfaces to <paramref name="config"/>: adds what is missing, removes what is
    /// no longer wanted. Returns one status per interface of <paramref name="config"/>; a failed interface's error
    /// is the text stored in the Interface "error" column; the bridge logs its failures itself, as upstream's does.
    /// </summary>
    IReadOnlyList<InterfaceStatus> Reconfigure(BridgeConfig config);

    /// <summary>bridge/reconnect: drops the bridge's controller connections so that they are made again.</summary>
    void ReconnectControllers();

    /// <summary>bridge/dump-flows: every flow, hidden ones included; null when the bridge has no flow tables.</summary>
    string? DumpFlows(bool offloadStats) => null;

    /// <summary>Removes the bridge; with <paramref name="deleteDatapath"/> (exit --cleanup) its datapath too.</summary>
    void Destroy(bool deleteDatapath);

    /// <summary>Adds the bridge's memory/show facts ("ports", "rules", ...) to <paramref name="usage"/>.</summary>
    void GetMemoryUsage(IDictionary<string, long> usage);

    /// <summary>
    /// The current status of every interface the bridge has, read again from the devices (for the periodic
    /// status and statistics write-back between reconfigurations).
    /// </summary>
    IReadOnlyList<InterfaceStatus> RefreshStatuses() => [];

    /// <summary>The state of the bridge's active controllers, by target (for the Controller rows).</summary>
    IReadOnlyList<Ofproto.Connmgr.ControllerStatus> ControllerStatuses() => [];

    /// <summary>The packets and bytes sent to the bridge's mirror named name, or null when it has no such mirror.</summary>
    (long Packets, long Bytes)? MirrorStatistics(string name) => null;

    /// <summary>The Bridge row's datapath_id and datapath_version, or null to leave them alone.</summary>
    (string DatapathId, string DatapathVersion)? Status => null;
}
