// Upstream: the meter_get_features, meter_set, meter_get and meter_del members of struct dpif_class
// (lib/dpif-provider.h) and struct ofputil_meter_config / ofputil_meter_stats / ofputil_meter_features as the
// datapath sees them (OVS 3.1)
//
// Datapath meters: a meter has flags (OpenFlow 1.3's OFPMF13_KBPS 1, PKTPS 2, BURST 4, STATS 8) and bands, each a
// rate (kbps, or packets per second with PKTPS) and a burst size; a band of type DROP (1) drops the packets that
// exceed it. The datapath runs a meter when a flow's "meter(ID)" action reaches it. Errors are upstream's: EFBIG for
// an id at or above MaxMeters, EBADF for unsupported flags, EINVAL for too many bands, ENODEV for an unsupported
// band type, ENOENT for a meter that does not exist.
namespace Ovs.Dpif;

/// <summary>One band of a meter: its type (1 = drop), rate and burst size (0: the rate).</summary>
internal readonly record struct DpifMeterBand(ushort Type, uint Rate, uint BurstSize);

/// <summary>A meter's configuration as set on the datapath.</summary>
internal sealed record DpifMeterConfig(ushort Flags, IReadOnlyList<DpifMeterBand> Bands)
{
    public const ushort FlagKbps = 1;
    public const ushort FlagPktps = 2;
    public const ushort FlagBurst = 4;
    public const ushort FlagStats = 8;
    public const ushort BandDrop = 1;
}

/// <summary>What went through a meter: packets and bytes in, and per band what the band dropped.</summary>
internal sealed record DpifMeterStats(ulong PacketsIn, ulong BytesIn, IReadOnlyList<(ulong Packets, ulong Bytes)> Bands);

/// <summary>What a datapath's meters can do (OFPMP_METER_FEATURES as the datapath reports it).</summary>
internal readonly record struct DpifMeterFeatures(uint MaxMeters, uint BandTypes, uint Capabilities, byte MaxBands, byte MaxColor);

/// <summary>Implemented by datapaths that have meters.</summary>
internal interface IDpifMeters
{
    DpifMeterFeatures MeterFeatures { get; }

    /// <summary>Creates or replaces the meter; its counters and buckets start afresh.</summary>
    int MeterSet(uint meterId, DpifMeterConfig config);

    /// <summary>The meter's statistics (at most maxBands bands); ENOENT if there is no such meter.</summary>
    int MeterGet(uint meterId, int maxBands, out DpifMeterStats? stats);

    /// <summary>Deletes the meter, returning its final statistics as MeterGet would.</summary>
    int MeterDel(uint meterId, int maxBands, out DpifMeterStats? stats);
}
