// A bridge for translation tests: flow tables are classifiers filled from ovs-ofctl flow text (parsed with our
// FlowModParser), ports and groups come from the same text an xlate golden case holds. It plays the role the
// switch layer's tables will play.
using System.Buffers;
using Ovs.Classifier;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

internal sealed class TestBridge : IXlateBridge, IXlateTables, IXlatePorts, IXlateGroups
{
    private const ulong Version = 1;
    private readonly Classifier<XlateRule>[] _tables = new Classifier<XlateRule>[255];
    private readonly Dictionary<ushort, XlatePort> _byOfPort = [];
    private readonly Dictionary<uint, XlatePort> _byDpPort = [];
    private readonly Dictionary<uint, XlateGroup> _groups = [];
    private List<XlatePort> _floodOrder = [];
    private uint _nextRecircId = 1;

    public TestBridge(string name = "br0")
    {
        Name = name;
        for (int i = 0; i < _tables.Length; i++)
        {
            _tables[i] = new Classifier<XlateRule>(Ovs.Classifier.Classifier.DefaultPrefixFields);
        }
    }

    public string Name { get; }

    /// <summary>Flows that did not survive encoding and decoding with our OpenFlow codecs.</summary>
    public List<string> WireIssues { get; } = [];

    public IXlateTables Tables => this;

    public IXlatePorts Ports => this;

    public IXlateGroups Groups => this;

    public XlateSupport Support { get; set; } = new();

    /// <summary>NORMAL's bundles and MAC table (null: NORMAL unavailable).</summary>
    public IXlateNormal? Normal { get; set; }

    /// <summary>The port mirrors (null: none).</summary>
    public XlateMirrorSet? Mirrors { get; set; }

    public Guid Uuid { get; } = Guid.NewGuid();

    public int TableCount => _tables.Length;

    /// <summary>Fresh ids in order from 1, as a freshly started ovs-vswitchd hands them out.</summary>
    public uint AllocateRecircId() => _nextRecircId++;

    /// <summary>The states frozen by translations, by recirculation id.</summary>
    public Dictionary<uint, FrozenState> Frozen { get; } = [];

    /// <summary>An equal state's id (same key), else a fresh one.</summary>
    public uint AllocateRecircId(FrozenState frozen, string key)
    {
        foreach ((uint id, FrozenState state) in Frozen)
        {
            if (state.Key() == key)
            {
                return id;
            }
        }

        return AllocateRecircId(frozen);
    }

    public FrozenState? FindFrozen(uint id) => Frozen.GetValueOrDefault(id);

    public uint AllocateRecircId(FrozenState frozen)
    {
        uint id = AllocateRecircId();
        Frozen[id] = frozen;
        return id;
    }

    public bool WantsPacketInOnMiss => false;

    public IReadOnlyList<XlatePort> FloodOrder => _floodOrder;

    /// <summary>Adds ports in the order given (the bridge's port map keeps upstream's hash order for floods).</summary>
    public void AddPorts(IEnumerable<XlatePort> ports)
    {
        var all = new List<XlatePort>(_byOfPort.Values);
        foreach (XlatePort p in ports)
        {
            _byOfPort[p.OfPort] = p;
            _byDpPort[p.DpPort] = p;
            all.Add(p);
        }

        _floodOrder = PortHashOrder.FloodOrder(all);
    }

    /// <summary>
    /// Adds a flow in ovs-ofctl add-flow syntax, passed through the wire encoding of protocol as ovs-ofctl sends it
    /// (which is where, for example, OpenFlow 1.3 turns mod_vlan_vid into push_vlan and set_field); throws on a
    /// parse error.
    /// </summary>
    public void AddFlow(string text, ProtocolSet protocol = ProtocolSet.Of10NxmTid)
    {
        Dictionary<string, ushort> names = PortNames();
        string? error = FlowModParser.Parse(text, FlowModCommand.Add, out FlowMod parsed, out _, portNames: names);
        if (error is not null)
        {
            throw new FormatException($"{text}: {error}");
        }

        var wire = new ArrayBufferWriter<byte>();
        parsed.Encode(protocol, 0, wire);
        OfpError decodeError = FlowMod.TryDecode(wire.WrittenSpan, tableIdExtension: true, null, out FlowMod fm);
        if (decodeError != OfpError.None)
        {
            // Our OpenFlow layer cannot carry this flow through the wire (a discrepancy of Ovs.OpenFlow, listed
            // by the tests); translate the parsed form.
            WireIssues.Add($"{text}: {decodeError}");
            fm = parsed;
        }

        byte table = fm.TableId == FlowMod.TableAll ? (byte)0 : fm.TableId;
        Match match = fm.Match;
        var rule = new XlateRule(match, fm.Priority, fm.NewCookie != 0 ? fm.NewCookie : fm.Cookie, fm.Actions);
        _tables[table].Insert(new ClassifierRule<XlateRule>(in match, fm.Priority, rule), Version);
    }

    /// <summary>Adds a group in ovs-ofctl add-group syntax.</summary>
    public void AddGroup(string text)
    {
        string? error = GroupParser.Parse(text, GroupCommand.Add, out GroupMod? gm, PortNames());
        if (error is not null || gm is null)
        {
            throw new FormatException($"{text}: {error}");
        }

        // Buckets without an id (OpenFlow 1.1 to 1.4 carry none) are numbered in order, as ofproto does.
        var buckets = new List<XlateBucket>();
        foreach (GroupBucket b in gm.Group.Buckets)
        {
            uint id = b.BucketId == uint.MaxValue ? (uint)buckets.Count : b.BucketId;
            buckets.Add(new XlateBucket(id, b.Weight, b.WatchPort, b.WatchGroup, b.Actions));
        }

        _groups[gm.Group.GroupId] = new XlateGroup(gm.Group.GroupId, (XlateGroupType)gm.Group.Type, buckets)
        {
            Selection = gm.Group.Type == (byte)XlateGroupType.Select
                ? SelectHashing.Construct(gm.Group.GroupId, [.. buckets.Select(static b => (b.BucketId, b.Weight))], gm.Group.Selection, static _ => { })
                : SelectHashing.DefaultMethod(),
            HashFields = gm.Group.Selection?.Fields ?? [],
        };
    }

    /// <summary>The flow_mods learn actions asked for, with their limits, in order.</summary>
    public List<(FlowMod FlowMod, uint Limit)> Learned { get; } = [];

    /// <summary>What Learn answers (whether the learn stayed within its limit).</summary>
    public bool LearnSucceeds { get; set; } = true;

    /// <summary>The fin_timeout reductions asked for: table, rule, idle and hard timeouts.</summary>
    public List<(byte TableId, XlateRule Rule, ushort Idle, ushort Hard)> ReducedTimeouts { get; } = [];

    public bool Learn(FlowMod flowMod, uint limit)
    {
        Learned.Add((flowMod, limit));
        return LearnSucceeds;
    }

    public bool HasLearned(FlowMod flowMod) => false;

    public void ReduceTimeouts(byte tableId, XlateRule rule, ushort idle, ushort hard) => ReducedTimeouts.Add((tableId, rule, idle, hard));

    public XlateRule? Lookup(byte table, in FlowData flow, ref FlowWildcards wildcards) =>
        _tables[table].Lookup(Version, in flow, ref wildcards)?.Payload;

    public TableMissConfig MissConfig(byte table) => TableMissConfig.Default;

    public XlatePort? ByOfPort(ushort ofPort) => _byOfPort.GetValueOrDefault(ofPort);

    public XlatePort? ByDpPort(uint dpPort) => _byDpPort.GetValueOrDefault(dpPort);

    public XlateGroup? Find(uint groupId) => _groups.GetValueOrDefault(groupId);

    private Dictionary<string, ushort> PortNames()
    {
        var names = new Dictionary<string, ushort>(StringComparer.Ordinal);
        foreach (XlatePort p in _byOfPort.Values)
        {
            names[p.Name] = p.OfPort;
        }

        return names;
    }
}
