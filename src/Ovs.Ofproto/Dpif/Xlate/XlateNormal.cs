// Upstream: struct xbundle of ofproto/ofproto-dpif-xlate.c and enum port_vlan_mode, enum port_priority_tags_mode of
// ofproto/ofproto.h (OVS 3.1), behaviour only.
// What the NORMAL action needs from a bridge besides its ports: the bundles (Port rows) with their VLAN
// configuration, the MAC learning table, and a way to retire datapath flows when learning changes the table.
using Ovs.Ofproto.L2;

namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>A Port row's vlan_mode (upstream enum port_vlan_mode).</summary>
internal enum PortVlanMode
{
    Trunk,
    Access,
    NativeTagged,
    NativeUntagged,
    Dot1qTunnel,
}

/// <summary>other_config:priority-tags (upstream enum port_priority_tags_mode).</summary>
internal enum PriorityTagsMode
{
    Never,
    IfNonzero,
    Always,
}

/// <summary>A set of VLAN IDs (0..4095), as the trunks and cvlans columns give them.</summary>
internal sealed class VlanSet : IEquatable<VlanSet>
{
    private readonly System.Collections.BitArray _bits = new(4096);

    public VlanSet(IEnumerable<long> vlans)
    {
        foreach (long v in vlans)
        {
            if (v is >= 0 and <= 4095)
            {
                _bits[(int)v] = true;
            }
        }
    }

    private VlanSet(System.Collections.BitArray bits) => _bits = bits;

    public bool Contains(int vlan) => vlan is >= 0 and <= 4095 && _bits[vlan];

    /// <summary>A copy with <paramref name="vlan"/> set to <paramref name="value"/>.</summary>
    public VlanSet With(int vlan, bool value)
    {
        var bits = new System.Collections.BitArray(_bits) { [vlan] = value };
        return new VlanSet(bits);
    }

    public static VlanSet All => new(new System.Collections.BitArray(4096, true));

    public bool Equals(VlanSet? other)
    {
        if (other is null)
        {
            return false;
        }

        for (int i = 0; i < 4096; i++)
        {
            if (_bits[i] != other._bits[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is VlanSet other && Equals(other);

    public override int GetHashCode()
    {
        int[] words = new int[128];
        _bits.CopyTo(words, 0);
        var hash = new HashCode();
        foreach (int w in words)
        {
            hash.Add(w);
        }

        return hash.ToHashCode();
    }
}

/// <summary>
/// A bundle (a Port row) as NORMAL sees it, with upstream's normalisation already applied: Vlan is -1 for trunk
/// ports, the tag (0 when none) otherwise; Trunks null means every VLAN; for native modes the native VLAN is
/// trunked and VLAN 0 is not.
/// </summary>
internal sealed record XlateBundle(
    string Name,
    PortVlanMode VlanMode,
    int Vlan,
    VlanSet? Trunks,
    VlanSet? Cvlans,
    PriorityTagsMode PriorityTags,
    ushort QinqEthType)
{
    /// <summary>The OpenFlow ports of the bundle's interfaces.</summary>
    public IReadOnlyList<ushort> Ports { get; init; } = [];

    /// <summary>
    /// bundle_set()'s normalisation of a Port row's VLAN columns: tag (null when unset or out of range), trunks,
    /// cvlans, vlan_mode ("" when unset) and other_config.
    /// </summary>
    public static XlateBundle FromColumns(
        string name, long? tag, IReadOnlyList<long> trunks, IReadOnlyList<long> cvlans, string vlanMode,
        IReadOnlyDictionary<string, string> otherConfig, IReadOnlyList<ushort> ports)
    {
        int configuredTag = tag is >= 0 and <= 4095 ? (int)tag : -1;
        PortVlanMode mode = vlanMode switch
        {
            "access" => PortVlanMode.Access,
            "trunk" => PortVlanMode.Trunk,
            "native-tagged" => PortVlanMode.NativeTagged,
            "native-untagged" => PortVlanMode.NativeUntagged,
            "dot1q-tunnel" => PortVlanMode.Dot1qTunnel,
            _ when vlanMode.Length > 0 => PortVlanMode.Trunk,
            _ => configuredTag >= 0 ? PortVlanMode.Access : PortVlanMode.Trunk,
        };

        int vlan = mode == PortVlanMode.Trunk ? -1 : Math.Max(configuredTag, 0);
        VlanSet? trunkSet = trunks.Count > 0 ? new VlanSet(trunks) : null;
        VlanSet? cvlanSet = null;
        switch (mode)
        {
            case PortVlanMode.Access:
                trunkSet = null;
                break;
            case PortVlanMode.NativeTagged or PortVlanMode.NativeUntagged:
                if (vlan != 0 && (trunkSet is null || !trunkSet.Contains(vlan) || trunkSet.Contains(0)))
                {
                    // The native VLAN is always trunked; VLAN 0 never is; no trunks column means every VLAN.
                    trunkSet = (trunkSet ?? VlanSet.All).With(vlan, true).With(0, false);
                }

                break;
            case PortVlanMode.Dot1qTunnel:
                trunkSet = null;
                cvlanSet = cvlans.Count > 0 ? new VlanSet(cvlans) : null;
                break;
        }

        string priorityTags = otherConfig.GetValueOrDefault("priority-tags", "");
        PriorityTagsMode tags = priorityTags is "if-nonzero" or "true" ? PriorityTagsMode.IfNonzero
            : priorityTags == "always" ? PriorityTagsMode.Always : PriorityTagsMode.Never;
        ushort qinq = otherConfig.GetValueOrDefault("qinq-ethtype", "") == "802.1q"
            ? Ovs.Flow.Packets.EthType.Vlan8021Q : Ovs.Flow.Packets.EthType.Vlan8021AD;
        return new XlateBundle(name, mode, vlan, trunkSet, cvlanSet, tags, qinq) { Ports = ports };
    }

    /// <summary>xbundle_trunks_vlan().</summary>
    public bool TrunksVlan(int vid) => VlanMode != PortVlanMode.Access && (Trunks is null || Trunks.Contains(vid));

    /// <summary>xbundle_allows_cvlan().</summary>
    public bool AllowsCvlan(int vid) => Cvlans is null || Cvlans.Contains(vid);
}

/// <summary>The NORMAL action's view of a bridge.</summary>
internal interface IXlateNormal
{
    MacLearningTable Macs { get; }

    /// <summary>The bundle a port belongs to, or null (a port no Port row configured).</summary>
    XlateBundle? BundleOf(ushort ofPort);

    /// <summary>The bundle named <paramref name="name"/>, or null.</summary>
    XlateBundle? BundleNamed(string name);

    /// <summary>Every bundle, in the order flooding visits them.</summary>
    IReadOnlyList<XlateBundle> Bundles { get; }

    /// <summary>other_config:forward-bpdu: reserved multicast destinations are forwarded instead of dropped.</summary>
    bool ForwardBpdu { get; }

    /// <summary>Learning changed where an address goes: datapath flows that relied on the old table must go.</summary>
    void MacTableChanged();
}
