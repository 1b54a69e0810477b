// Upstream: struct ofproto with ofproto_create(), ofproto_destroy(), ofproto_port_add(), ofproto_port_del(),
// ofproto_set_datapath_id() of ofproto/ofproto.c, and the bridge and port parts of ofproto/ofproto-dpif.c
// (construct, destruct, port_add, port_del) (OVS 3.1)
//
// One OpenFlow switch (a bridge) over the shared datapath of its type. It owns the bridge's ports: each has an
// OpenFlow port number (the bridge's own port, named like the bridge, is always OFPP_LOCAL; others come from the
// OfPortAllocator, honouring requests) and, except for patch ports, a datapath port in the backer's datapath.
// Adding a port opens its device through the datapath, which shares the device object with whoever opened it before
// (the bridge opens it first to configure it).
// Threading: main loop only. Readers on other threads (upcall handlers) must use the snapshot Ports returns, which is
// replaced, never changed, when ports come and go.
using Ovs.Common;
using Ovs.Dpif;
using Ovs.Netdev;
using Ovs.Ofproto.Connmgr;
using Ovs.Ofproto.Dpif;
using Ovs.Ofproto.L2;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class Ofproto
{
    private readonly DpifBacker _backer;
    private readonly NetdevRegistry _netdevs;
    private readonly OfPortAllocator _allocator;
    private readonly Dictionary<string, OfprotoPort> _byName = new(StringComparer.Ordinal);
    private OfprotoPort[] _ports = [];
    private bool _destroyed;
    private readonly ConnectionManager? _connections;
    private readonly ITimer? _expiryTimer;
    private readonly Dictionary<string, Ofproto> _switches;

    private Ofproto(string name, DpifBacker backer, OfprotoContext context)
    {
        Name = name;
        TimeProvider time = context.Time;
        Action<Action>? post = context.Post;
        _time = time;
        _backer = backer;
        _netdevs = context.Netdevs;
        Neighbors = context.Neighbors;
        _switches = context.Switches;
        _allocator = new OfPortAllocator(time);
        Tables = new FlowTables(time);
        LinkGroupsAndRules(Tables, Groups);
        Xlate = new OfprotoXlateBridge(this);
        Tables.Changed = backer.Upcalls.Invalidate;
        Normal = new BridgeNormal(time, backer.Upcalls.Invalidate);
        Mirrors = new BridgeMirrors(backer.Upcalls.Invalidate);
        Post = post;
        if (post is not null)
        {
            _connections = new ConnectionManager(name, post, (connection, message) => OfprotoMessageHandler.Handle(this, connection, message), time);
            ConnectionManager connections = _connections;
            Tables.RuleRemoved = rule => FlowTableHandlers.SendFlowRemoved(connections, rule, Tables.NowMs);
            Tables.Monitor = connections;
            connections.PacketInOnMissChanged = wants => Tables.WantsPacketInOnMiss = wants;
            Tables.TableStatus = (desc, reason) => TableStatsHandlers.SendTableStatus(connections, desc, reason);

            // Upstream's ofproto-dpif expires flows once a second from its run loop.
            _expiryTimer = time.CreateTimer(_ => post(() => { if (!_destroyed) { Tables.Expire(); BundleHandlers.Expire(this); Normal.Run(); } }), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// Flow mods may name only existing groups; each group counts the rules that refer to it (its ref_count); deleting
    /// a group deletes those rules.
    /// </summary>
    private static void LinkGroupsAndRules(FlowTables tables, GroupTable groups)
    {
        tables.GroupExists = groups.Exists;
        tables.RuleAdded = rule =>
        {
            foreach (uint group in OfRule.Groups(rule.Actions))
            {
                groups.AddRule(group, rule);
            }
        };
        tables.RuleGone = rule =>
        {
            foreach (uint group in OfRule.Groups(rule.Actions))
            {
                groups.RemoveRule(group, rule);
            }
        };
        groups.GroupDeleted += tables.DeleteRulesOfGroup;
    }

    /// <summary>Runs an action on the main loop (null for a switch made without one).</summary>
    public Action<Action>? Post { get; }

    /// <summary>The OpenFlow connections, or null for a switch made without a main loop to run them (unit tests).</summary>
    public ConnectionManager? Connections => _connections;

    /// <summary>What the switch does with IP fragments (OFPT_SET_CONFIG's frags).</summary>
    public FragmentHandling FragmentHandling { get; set; }

    /// <summary>The largest role request generation ID seen, or null before any (upstream's "undefined").</summary>
    public ulong? RoleGenerationId { get; set; }

    public string Name { get; }

    /// <summary>The datapath type ("dummy", "netdev").</summary>
    public string Type => _backer.Type;

    public DpifBacker Backer => _backer;

    /// <summary>The switch's OpenFlow tables.</summary>
    public FlowTables Tables { get; }

    /// <summary>The switch's groups (see GroupTable for how flow tables hook into them).</summary>
    public GroupTable Groups { get; } = new();

    /// <summary>The bundles and MAC learning table of the NORMAL action.</summary>
    public BridgeNormal Normal { get; }

    /// <summary>The port mirrors (the Bridge row's mirrors).</summary>
    public BridgeMirrors Mirrors { get; }

    /// <summary>The switch as translation (upcalls, ofproto/trace, packet-out) sees it.</summary>
    public OfprotoXlateBridge Xlate { get; }

    /// <summary>The switch's own UUID (upstream's ofproto uuid, carried in controller userspace cookies).</summary>
    public Guid Uuid { get; } = Guid.NewGuid();

    /// <summary>The datapath ID the switch reports to controllers.</summary>
    public ulong DatapathId { get; set; }

    /// <summary>The ports, sorted by OpenFlow port number; an immutable snapshot.</summary>
    public IReadOnlyList<OfprotoPort> Ports => Volatile.Read(ref _ports);

    /// <summary>
    /// Creates the switch <paramref name="name"/> over the backer of <paramref name="type"/> shared through
    /// <paramref name="context"/>. Returns 0 or an errno (EAFNOSUPPORT for a datapath type nobody provides).
    /// </summary>
    public static int Create(string name, string type, OfprotoContext context, out Ofproto? ofproto)
    {
        ofproto = null;
        int error = DpifBacker.Acquire(context.Backers, context.Datapaths, type, out DpifBacker? backer);
        if (error != 0 || backer is null)
        {
            return error;
        }

        ofproto = new Ofproto(name, backer, context);
        context.Switches[name] = ofproto;
        backer.Attach(ofproto);
        backer.Upcalls.Start(context.Time, context.Post, context.UpcallSettings);
        backer.Upcalls.Attach(ofproto.Xlate);
        return 0;
    }

    /// <summary>The netdev type an Interface of <paramref name="type"/> is opened with on this bridge's datapath.</summary>
    public string PortOpenType(string type) => _backer.Provider.PortOpenType(type);

    public OfprotoPort? FindPort(string name) => _byName.GetValueOrDefault(name);

    public OfprotoPort? FindPort(ushort ofpPort)
    {
        foreach (OfprotoPort port in Ports)
        {
            if (port.OfpPort == ofpPort)
            {
                return port;
            }
        }

        return null;
    }

    /// <summary>
    /// Adds <paramref name="netdev"/> as a port (ofproto_port_add), asking for OpenFlow number
    /// <paramref name="request"/> when given. Returns 0 and the port, or an errno: EEXIST when a port of that name
    /// exists, EFBIG when no number is left, or the datapath's error.
    /// </summary>
    public int AddPort(INetdev netdev, ushort? request, out OfprotoPort? port)
    {
        port = null;
        if (_destroyed)
        {
            return OvsErrno.ENODEV;
        }

        if (_byName.ContainsKey(netdev.Name))
        {
            return OvsErrno.EEXIST;
        }

        int error = AddDatapathPort(netdev, out uint? odpPort);
        if (error != 0)
        {
            return error;
        }

        ushort ofpPort = netdev.Name == Name ? OfpPortNumber.Local : _allocator.Allocate(request);
        if (ofpPort == OfpPortNumber.None)
        {
            RemoveDatapathPort(netdev, odpPort, null, delete: true);
            return OvsErrno.EFBIG;
        }

        // A failed port keeps its number from being handed out again at once, as upstream's does.
        if (!RegisterTunnel(netdev, odpPort))
        {
            _allocator.Release(ofpPort);
            RemoveDatapathPort(netdev, odpPort, null, delete: true);
            return OvsErrno.EEXIST;
        }

        RememberTunnel(netdev, ofpPort);

        // The ofproto keeps its own reference on the device, as upstream's struct ofport holds its netdev.
        _netdevs.Open(netdev.Name, netdev.Type, out INetdev? held);
        port = new OfprotoPort(netdev.Name, netdev.Type, ofpPort, odpPort, held ?? netdev) { CreatedMs = NowMs };
        _byName.Add(port.Name, port);
        Publish();
        AnnounceAdded(port);
        return 0;
    }

    /// <summary>Removes port <paramref name="ofpPort"/> from the switch and the datapath; ENODEV when absent.</summary>
    public int DeletePort(ushort ofpPort)
    {
        OfprotoPort? port = FindPort(ofpPort);
        if (port is null)
        {
            return OvsErrno.ENODEV;
        }

        _byName.Remove(port.Name);
        Publish();
        AnnounceDeleted(port);
        _allocator.Release(ofpPort);
        int error = RemoveDatapathPort(port.Netdev, port.OdpPort, ForgetTunnel(ofpPort), delete: true);
        _netdevs.Close(port.Netdev);
        return error;
    }

    /// <summary>
    /// Removes the switch (ofproto_destroy). With <paramref name="delete"/> its ports leave the datapath and, when it
    /// was the last switch of its type, the datapath is deleted; without (a plain exit) the datapath keeps them.
    /// </summary>
    public void Destroy(bool delete)
    {
        if (_destroyed)
        {
            return;
        }

        _destroyed = true;
        _expiryTimer?.Dispose();
        _backer.Upcalls.Detach(Xlate);
        if (_switches.TryGetValue(Name, out Ofproto? registered) && registered == this)
        {
            _switches.Remove(Name);
        }

        _connections?.Dispose();
        foreach (OfprotoPort port in Ports)
        {
            RemoveDatapathPort(port.Netdev, port.OdpPort, ForgetTunnel(port.OfpPort), delete);

            _netdevs.Close(port.Netdev);
        }

        _byName.Clear();
        Publish();
        _backer.Detach(this);
        _backer.Release(delete);
    }

    private void Publish()
    {
        var ports = new OfprotoPort[_byName.Count];
        _byName.Values.CopyTo(ports, 0);
        Array.Sort(ports, static (a, b) => a.OfpPort.CompareTo(b.OfpPort));
        Volatile.Write(ref _ports, ports);
        _backer.Upcalls.PortsChanged();
    }
}
