// Upstream: xlate_ofproto_set() and xlate_ofport_set() of ofproto/ofproto-dpif-xlate.c, which copy a bridge's
// ports, tables and settings into the translation module's own structures, and rule_dpif_lookup_in_table() and
// group_dpif_lookup() of ofproto/ofproto-dpif.c (OVS 3.1)
//
// A switch as translation sees it. Ports are read from the switch's immutable port snapshot: each snapshot gets its
// translation view (OpenFlow and datapath numbers, flood order) once, and link state is read from the device when
// a translation asks. Tables are the switch's own (Ofproto.Tables, whose implementation keeps its look-ups safe
// from other threads); groups are the switch's group table. Changes a translation asks for (learn, fin_timeout)
// are posted to the switch's main loop, which alone changes the tables; a learn's outcome (its limit) is decided
// when it is asked for and checked again when applied.
// Threading: every member may be called from datapath threads (upcalls) and the main loop at the same time.
using Ovs.Flow.Packets;
using Ovs.Netdev;
using Ovs.Netdev.Routing;
using Ovs.Netdev.Tunnel;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Dpif;

internal sealed class OfprotoXlateBridge : IXlateBridge
{
    private readonly Core.Ofproto _ofproto;
    private PortView? _ports;

    public OfprotoXlateBridge(Core.Ofproto ofproto)
    {
        _ofproto = ofproto;
        Tables = ofproto.Tables;
        Groups = ofproto.Groups;
    }

    public string Name => _ofproto.Name;

    /// <summary>The switch's tables (Ofproto.Tables); a test may put a table double in their place.</summary>
    public IXlateTables Tables { get; internal set; }

    public IXlatePorts Ports
    {
        get
        {
            IReadOnlyList<OfprotoPort> ports = _ofproto.Ports;
            PortView? view = Volatile.Read(ref _ports);
            if (view is null || !ReferenceEquals(view.Source, ports))
            {
                view = new PortView(ports);
                Volatile.Write(ref _ports, view);
            }

            return view;
        }
    }

    /// <summary>The switch's group table (Ofproto.Groups); a test may put a double in its place.</summary>
    public IXlateGroups Groups { get; internal set; }

    /// <summary>What the datapath supports, as dpif/set-dp-features left it (shared by the datapath's bridges).</summary>
    public XlateSupport Support => _ofproto.Backer.Support;

    public Guid Uuid => _ofproto.Uuid;

    public uint AllocateRecircId() => _ofproto.Backer.Upcalls.AllocateRecircId();

    public uint AllocateRecircId(FrozenState frozen) => _ofproto.Backer.Upcalls.Freeze(frozen);

    public uint AllocateRecircId(FrozenState frozen, string key) => _ofproto.Backer.Upcalls.Freeze(frozen, key);

    public FrozenState? FindFrozen(uint id) => _ofproto.Backer.Upcalls.Thaw(id);

    public IXlateNormal? Normal => _ofproto.Normal;

    public XlateMirrorSet? Mirrors => _ofproto.Mirrors.Current;

    public NeighborCache? Neighbors => _ofproto.Neighbors;

    public IReadOnlyList<Ipv6Address> DeviceAddresses(string name) => _ofproto.DeviceAddresses(name);

    public bool Learn(FlowMod flowMod, uint limit)
    {
        // Decided here (the queries are safe from any thread), applied on the main loop, which checks again.
        FlowTables tables = _ofproto.Tables;
        if (limit != 0 && tables.FindLearned(flowMod) is null && !tables.IsBelowLearnLimit(flowMod.TableId, flowMod.NewCookie, limit))
        {
            FlowTables.LogLimitReached(flowMod.NewCookie);
            return false;
        }

        OnMainLoop(() => tables.Learn(flowMod, limit));
        return true;
    }

    public bool HasLearned(FlowMod flowMod) => _ofproto.Tables.FindLearned(flowMod) is not null;

    public void ReduceTimeouts(byte tableId, XlateRule rule, ushort idle, ushort hard)
    {
        FlowTables tables = _ofproto.Tables;
        OnMainLoop(() => tables.ReduceTimeouts(tableId, rule, idle, hard));
    }

    /// <summary>The switch itself (packet-ins go to its connections).</summary>
    public Core.Ofproto Ofproto => _ofproto;

    /// <summary>Runs a change of the tables on the switch's main loop (at once for a switch made without one).</summary>
    private void OnMainLoop(Action change)
    {
        if (_ofproto.Post is { } post)
        {
            post(change);
        }
        else
        {
            change();
        }
    }

    /// <summary>
    /// The translation view of one port snapshot. Ports that live only in ofproto (patch ports) have no datapath
    /// number and are left out: translation outputs to datapath ports only.
    /// </summary>
    private sealed class PortView : IXlatePorts
    {
        private readonly Dictionary<ushort, OfprotoPort> _byOfPort = [];
        private readonly Dictionary<uint, OfprotoPort> _byDpPort = [];
        private readonly OfprotoPort[] _floodOrder;

        public PortView(IReadOnlyList<OfprotoPort> ports)
        {
            Source = ports;
            var inOrder = new List<XlatePort>();
            foreach (OfprotoPort port in ports)
            {
                if (port.OdpPort is uint dp)
                {
                    _byOfPort[port.OfpPort] = port;
                    if (port.Netdev is not ITunnelNetdev)
                    {
                        _byDpPort[dp] = port;
                    }

                    inOrder.Add(new XlatePort(port.OfpPort, dp, port.Name));
                }
            }

            List<XlatePort> order = PortHashOrder.FloodOrder(inOrder);
            _floodOrder = new OfprotoPort[order.Count];
            for (int i = 0; i < order.Count; i++)
            {
                _floodOrder[i] = _byOfPort[order[i].OfPort];
            }
        }

        public IReadOnlyList<OfprotoPort> Source { get; }

        public IReadOnlyList<XlatePort> FloodOrder
        {
            get
            {
                var ports = new XlatePort[_floodOrder.Length];
                for (int i = 0; i < ports.Length; i++)
                {
                    ports[i] = ToXlate(_floodOrder[i]);
                }

                return ports;
            }
        }

        public XlatePort? ByOfPort(ushort ofPort) => _byOfPort.TryGetValue(ofPort, out OfprotoPort? p) ? ToXlate(p) : null;

        public XlatePort? ByDpPort(uint dpPort) => _byDpPort.TryGetValue(dpPort, out OfprotoPort? p) ? ToXlate(p) : null;

        private const XlatePortConfig Honoured =
            XlatePortConfig.NoRecv | XlatePortConfig.NoFwd | XlatePortConfig.NoFlood | XlatePortConfig.NoPacketIn;

        private static XlatePort ToXlate(OfprotoPort port) =>
            new(port.OfpPort, port.OdpPort ?? 0, port.Name, (XlatePortConfig)port.Config & Honoured, NetdevCarrier.IsUp(port.Netdev),
                port.Netdev is ITunnelNetdev tunnel ? new XlateTunnel(tunnel.Type, tunnel.Config) : null);
    }
}
