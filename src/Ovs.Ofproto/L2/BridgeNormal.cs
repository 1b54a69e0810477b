// Upstream: the bundle and MAC learning parts of ofproto/ofproto-dpif.c (bundle_set(), bundle_destroy(),
// set_mac_table_config(), the mac_learning_run() call of run()) (OVS 3.1), behaviour only.
// A bridge's L2 switching state for the NORMAL action: its bundles (Port rows and their VLAN configuration, set by
// the bridge layer) and its MAC learning table. Changes that can alter NORMAL's decisions retire the datapath flows
// through the invalidate callback (the upcall dispatcher's flush).
// Threading: the bundle set is an immutable snapshot replaced on the main loop and read by translations on any
// thread; the MAC table locks itself.
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.L2;

internal sealed class BridgeNormal : IXlateNormal
{
    private readonly Action _invalidate;
    private Snapshot _bundles = new([]);

    public BridgeNormal(TimeProvider time, Action invalidate)
    {
        Macs = new MacLearningTable(time);
        _invalidate = invalidate;
    }

    public MacLearningTable Macs { get; }

    public bool ForwardBpdu { get; private set; }

    public IReadOnlyList<XlateBundle> Bundles => Volatile.Read(ref _bundles).InOrder;

    public XlateBundle? BundleOf(ushort ofPort) => Volatile.Read(ref _bundles).ByPort.GetValueOrDefault(ofPort);

    public XlateBundle? BundleNamed(string name) => Volatile.Read(ref _bundles).ByName.GetValueOrDefault(name);

    public void MacTableChanged() => _invalidate();

    /// <summary>
    /// Replaces the bundles. The MAC entries of bundles that went away go with them; when anything NORMAL relies on
    /// changed, datapath flows are retired.
    /// </summary>
    public void SetBundles(IReadOnlyList<XlateBundle> bundles)
    {
        Snapshot old = Volatile.Read(ref _bundles);
        var next = new Snapshot(bundles);
        bool changed = old.InOrder.Count != next.InOrder.Count;
        foreach (XlateBundle b in old.InOrder)
        {
            if (!next.ByName.TryGetValue(b.Name, out XlateBundle? now))
            {
                Macs.FlushPort(b.Name);
                changed = true;
            }
            else if (!SameBundle(b, now))
            {
                changed = true;
            }
        }

        Volatile.Write(ref _bundles, next);
        if (changed)
        {
            _invalidate();
        }
    }

    /// <summary>other_config:mac-aging-time, mac-table-size and forward-bpdu.</summary>
    public void Configure(int idleTime, int maxEntries, bool forwardBpdu)
    {
        bool changed = forwardBpdu != ForwardBpdu;
        ForwardBpdu = forwardBpdu;
        Macs.IdleTime = idleTime;
        Macs.MaxEntries = maxEntries;
        if (changed)
        {
            _invalidate();
        }
    }

    /// <summary>The periodic run: expires MAC entries and retires flows when the table changed.</summary>
    public void Run()
    {
        if (Macs.Run())
        {
            _invalidate();
        }
    }

    private static bool SameBundle(XlateBundle a, XlateBundle b) =>
        a with { Ports = b.Ports } == b && a.Ports.SequenceEqual(b.Ports);

    /// <summary>One immutable set of bundles, indexed; flooding visits them in the hash order of their first port.</summary>
    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<XlateBundle> bundles)
        {
            var firstPorts = new List<XlatePort>();
            var byFirstPort = new Dictionary<ushort, XlateBundle>();
            foreach (XlateBundle b in bundles)
            {
                ByName[b.Name] = b;
                foreach (ushort p in b.Ports)
                {
                    ByPort[p] = b;
                }

                if (b.Ports.Count > 0 && byFirstPort.TryAdd(b.Ports[0], b))
                {
                    firstPorts.Add(new XlatePort(b.Ports[0], 0, b.Name));
                }
            }

            firstPorts.Sort(static (x, y) => x.OfPort.CompareTo(y.OfPort));
            var order = new List<XlateBundle>(bundles.Count);
            foreach (XlatePort p in PortHashOrder.FloodOrder(firstPorts))
            {
                order.Add(byFirstPort[p.OfPort]);
            }

            InOrder = order;
        }

        public Dictionary<string, XlateBundle> ByName { get; } = new(StringComparer.Ordinal);

        public Dictionary<ushort, XlateBundle> ByPort { get; } = [];

        public IReadOnlyList<XlateBundle> InOrder { get; }
    }
}
