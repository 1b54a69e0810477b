// Upstream: struct mirror, struct mbundle, mirror_set(), mirror_update_dups(), mirror_get(), mirror_update_stats()
// and the mbundle masks of ofproto/ofproto-dpif-mirror.c (OVS 3.1), behaviour only.
// A bridge's port mirrors as translation sees them: each mirror has an index (0..31, one bit of a mask), selects
// packets by the bundles (Port rows) they enter or leave through and optionally by VLAN, and outputs copies to a
// bundle or to every bundle that carries an output VLAN. Mirrors that output to the same place are duplicates of
// each other: a packet goes there once. The set is an immutable snapshot; its counters are shared with the next
// snapshot for mirrors that stay.
using System.Numerics;

namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>
/// One mirror's settings (upstream struct ofproto_mirror_settings): selected source and destination bundles (by
/// name), the VLANs it selects (null: every VLAN), and where copies go: OutBundle, or else OutVlan. Snaplen 0 means
/// whole packets.
/// </summary>
internal sealed record XlateMirror(
    string Name,
    IReadOnlySet<string> Sources,
    IReadOnlySet<string> Destinations,
    VlanSet? Vlans,
    string? OutBundle,
    int OutVlan,
    int Snaplen)
{
    /// <summary>Whether a and b send their copies to the same place.</summary>
    public bool SameOutput(XlateMirror other) =>
        OutBundle is null ? other.OutBundle is null && OutVlan == other.OutVlan : OutBundle == other.OutBundle;

    public bool SameSettings(XlateMirror other) =>
        Name == other.Name && Sources.SetEquals(other.Sources) && Destinations.SetEquals(other.Destinations)
        && Equals(Vlans, other.Vlans) && OutBundle == other.OutBundle && OutVlan == other.OutVlan && Snaplen == other.Snaplen;
}

/// <summary>Packets and bytes sent to one mirror (upstream mirror->packet_count, byte_count).</summary>
internal sealed class MirrorCounters
{
    private long _packets;
    private long _bytes;

    public long Packets => Interlocked.Read(ref _packets);

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(ulong packets, ulong bytes)
    {
        Interlocked.Add(ref _packets, (long)packets);
        Interlocked.Add(ref _bytes, (long)bytes);
    }
}

/// <summary>A bridge's mirrors by index, with the per-bundle masks translation asks for.</summary>
internal sealed class XlateMirrorSet : IXlateStatsTarget
{
    /// <summary>Most mirrors of one bridge (upstream MAX_MIRRORS): one bit each of a 32-bit mask.</summary>
    public const int MaxMirrors = 32;

    private readonly XlateMirror?[] _mirrors;
    private readonly MirrorCounters?[] _counters;
    private readonly uint[] _dups = new uint[MaxMirrors];

    /// <summary>The empty set: a bridge with no mirrors.</summary>
    public static XlateMirrorSet Empty { get; } = new(new XlateMirror?[MaxMirrors], new MirrorCounters?[MaxMirrors]);

    private XlateMirrorSet(XlateMirror?[] mirrors, MirrorCounters?[] counters)
    {
        _mirrors = mirrors;
        _counters = counters;
        for (int i = 0; i < MaxMirrors; i++)
        {
            if (mirrors[i] is not { } m)
            {
                continue;
            }

            IsEmpty = false;
            for (int j = 0; j < MaxMirrors; j++)
            {
                if (mirrors[j] is { } other && m.SameOutput(other))
                {
                    _dups[i] |= 1u << j;
                }
            }
        }
    }

    public bool IsEmpty { get; } = true;

    /// <summary>The mirror with index, or null.</summary>
    public XlateMirror? At(int index) => _mirrors[index];

    /// <summary>The counters of the mirror with index (null when there is none).</summary>
    public MirrorCounters? CountersAt(int index) => _counters[index];

    /// <summary>The mirror named name and its index, or null.</summary>
    public (int Index, XlateMirror Mirror)? Named(string name)
    {
        for (int i = 0; i < MaxMirrors; i++)
        {
            if (_mirrors[i] is { } m && m.Name == name)
            {
                return (i, m);
            }
        }

        return null;
    }

    /// <summary>The mirrors that output to the same place as the mirror with index (itself included).</summary>
    public uint DuplicatesOf(int index) => _dups[index];

    /// <summary>Mirrors that select packets received on bundle.</summary>
    public uint SourceMask(string bundle) => Mask(m => m.Sources.Contains(bundle));

    /// <summary>Mirrors that select packets sent to bundle.</summary>
    public uint DestinationMask(string bundle) => Mask(m => m.Destinations.Contains(bundle));

    /// <summary>Mirrors that output to bundle (a bundle reserved for mirroring when nonzero).</summary>
    public uint OutputMask(string bundle) => Mask(m => m.OutBundle == bundle);

    /// <summary>
    /// The set that mirrors makes, indexed like upstream: a mirror keeps the index it has in <paramref name="previous"/>
    /// (and its counters, when its output is unchanged), a new mirror takes the lowest free index. Mirrors past the
    /// 32nd are left out and reported in <paramref name="dropped"/>.
    /// </summary>
    public static XlateMirrorSet Create(XlateMirrorSet previous, IReadOnlyList<XlateMirror> mirrors, out List<string> dropped)
    {
        var slots = new XlateMirror?[MaxMirrors];
        var counters = new MirrorCounters?[MaxMirrors];
        var pending = new List<XlateMirror>();
        dropped = [];
        foreach (XlateMirror m in mirrors)
        {
            if (previous.Named(m.Name) is (int index, XlateMirror old) && slots[index] is null)
            {
                slots[index] = m;
                counters[index] = previous._counters[index];
                if (!old.SameOutput(m))
                {
                    counters[index] = new MirrorCounters();
                }
            }
            else
            {
                pending.Add(m);
            }
        }

        foreach (XlateMirror m in pending)
        {
            int free = Array.IndexOf(slots, null);
            if (free < 0)
            {
                dropped.Add(m.Name);
                continue;
            }

            slots[free] = m;
            counters[free] = new MirrorCounters();
        }

        return new XlateMirrorSet(slots, counters);
    }

    /// <summary>Whether other holds the same mirrors at the same indexes.</summary>
    public bool SameAs(XlateMirrorSet other)
    {
        for (int i = 0; i < MaxMirrors; i++)
        {
            XlateMirror? a = _mirrors[i], b = other._mirrors[i];
            if (a is null != b is null || (a is not null && !a.SameSettings(b!)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>mirror_update_stats(): index is the mask of mirrors the packets went to.</summary>
    public void Credit(int index, in XlateStats stats)
    {
        uint mask = (uint)index;
        while (mask != 0)
        {
            int i = BitOperations.TrailingZeroCount(mask);
            _counters[i]?.Add(stats.Packets, stats.Bytes);
            mask &= mask - 1;
        }
    }

    private uint Mask(Func<XlateMirror, bool> selects)
    {
        uint mask = 0;
        for (int i = 0; i < MaxMirrors; i++)
        {
            if (_mirrors[i] is { } m && selects(m))
            {
                mask |= 1u << i;
            }
        }

        return mask;
    }
}
