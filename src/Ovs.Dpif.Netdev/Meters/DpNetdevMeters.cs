// Upstream: struct dp_meter, dpif_netdev_meter_set/get/del() and dp_netdev_run_meter() in lib/dpif-netdev.c
// (OVS 3.1)
//
// The userspace datapath's meters: token buckets per band, filled at the band's rate for the milliseconds since the
// meter last ran (capped so that a bucket cannot overflow), holding at most burst_size * 1000 (bits for kbps bands,
// thousandths of a packet for pktps bands). A batch takes its volume from every band at once when a bucket has
// enough; otherwise the band is settled packet by packet, and each packet that exceeds some band is dropped and
// counted against the band of the highest rate it exceeded. Packets that exceed no band go on.
//
// Threading: set/get/del come from the control thread; Run from any datapath thread. Each meter has its own lock;
// the table is a concurrent dictionary, so a meter replaced while a thread runs it finishes on the old one.
using System.Collections.Concurrent;
using Ovs.Common;
using Ovs.Common.Diagnostics;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Meters;

internal sealed class DpNetdevMeters
{
    /// <summary>Upstream's MAX_METERS and MAX_BANDS.</summary>
    public const uint MaxMeters = 1 << 18;
    public const int MaxBands = 8;

    private const ushort SupportedFlags = DpifMeterConfig.FlagKbps | DpifMeterConfig.FlagPktps | DpifMeterConfig.FlagBurst | DpifMeterConfig.FlagStats;

    private static readonly CoverageCounter s_dropMeter = CoverageCounter.Get("datapath_drop_meter");

    private readonly ConcurrentDictionary<uint, Meter> _meters = new();

    public static DpifMeterFeatures Features { get; } =
        new(MaxMeters, 1u << DpifMeterConfig.BandDrop, SupportedFlags, MaxBands, 0);

    public int Set(uint id, DpifMeterConfig config, long nowUs)
    {
        if (id >= MaxMeters)
        {
            return OvsErrno.EFBIG;
        }

        if ((config.Flags & ~SupportedFlags) != 0)
        {
            return OvsErrno.EBADF;
        }

        if (config.Bands.Count > MaxBands)
        {
            return OvsErrno.EINVAL;
        }

        foreach (DpifMeterBand band in config.Bands)
        {
            if (band.Type != DpifMeterConfig.BandDrop)
            {
                return OvsErrno.ENODEV;
            }
        }

        _meters[id] = new Meter(config, nowUs);
        return 0;
    }

    public int Get(uint id, int maxBands, out DpifMeterStats? stats)
    {
        stats = null;
        if (id >= MaxMeters)
        {
            return OvsErrno.EFBIG;
        }

        if (!_meters.TryGetValue(id, out Meter? meter))
        {
            return OvsErrno.ENOENT;
        }

        stats = meter.Stats(maxBands);
        return 0;
    }

    public int Delete(uint id, int maxBands, out DpifMeterStats? stats)
    {
        int error = Get(id, maxBands, out stats);
        if (error == 0)
        {
            _meters.TryRemove(id, out _);
        }

        return error;
    }

    /// <summary>Runs meter <paramref name="id"/> on the batch, dropping (releasing) the packets that exceed a band.</summary>
    public void Run(DpPacketBatch batch, uint id, long nowUs)
    {
        if (id < MaxMeters && _meters.TryGetValue(id, out Meter? meter))
        {
            meter.Run(batch, nowUs);
        }
    }

    private sealed class Meter
    {
        private readonly Lock _lock = new();
        private readonly bool _pktps;
        private readonly Band[] _bands;
        private readonly uint _maxDeltaMs;
        private long _usedUs;
        private ulong _packets;
        private ulong _bytes;

        public Meter(DpifMeterConfig config, long nowUs)
        {
            _pktps = (config.Flags & DpifMeterConfig.FlagPktps) != 0;
            _usedUs = nowUs;
            _bands = new Band[config.Bands.Count];
            for (int i = 0; i < _bands.Length; i++)
            {
                DpifMeterBand b = config.Bands[i];
                uint burst = b.BurstSize == 0 ? b.Rate : b.BurstSize;
                _bands[i] = new Band { Rate = b.Rate, BurstSize = burst, Bucket = burst * 1000UL };

                // The longest wait that can still add to a bucket: beyond it a bucket is full whatever the rate.
                uint fill = b.Rate == 0 ? uint.MaxValue : (uint)Math.Min(uint.MaxValue, _bands[i].Bucket / b.Rate);
                _maxDeltaMs = Math.Max(_maxDeltaMs, fill);
            }
        }

        public DpifMeterStats Stats(int maxBands)
        {
            lock (_lock)
            {
                var bands = new (ulong, ulong)[Math.Min(Math.Max(maxBands, 0), _bands.Length)];
                for (int i = 0; i < bands.Length; i++)
                {
                    bands[i] = (_bands[i].Packets, _bands[i].Bytes);
                }

                return new DpifMeterStats(_packets, _bytes, bands);
            }
        }

        public void Run(DpPacketBatch batch, long nowUs)
        {
            int count = batch.Count;
            Span<int> exceededBand = stackalloc int[DpPacketBatch.MaxBurst];
            Span<uint> exceededRate = stackalloc uint[DpPacketBatch.MaxBurst];
            exceededBand.Fill(-1);
            exceededRate.Clear();
            lock (_lock)
            {
                long deltaMs = Math.Max(0, (nowUs / 1000) - (_usedUs / 1000));
                uint delta = (uint)Math.Min(deltaMs, _maxDeltaMs);
                _usedUs = nowUs;
                uint bytes = 0;
                for (int i = 0; i < count; i++)
                {
                    bytes += (uint)batch[i].Size;
                }

                _packets += (ulong)count;
                _bytes += bytes;
                ulong volume = _pktps ? (ulong)count * 1000 : (ulong)bytes * 8;
                for (int m = 0; m < _bands.Length; m++)
                {
                    ref Band band = ref _bands[m];
                    band.Bucket = Math.Min(band.Bucket + ((ulong)delta * band.Rate), band.BurstSize * 1000UL);
                    if (band.Bucket >= volume)
                    {
                        band.Bucket -= volume;
                        continue;
                    }

                    if (_pktps)
                    {
                        int first = (int)Math.Min((ulong)count, band.Bucket / 1000);
                        band.Bucket %= 1000;
                        for (int i = first; i < count; i++)
                        {
                            Exceed(exceededBand, exceededRate, i, m, band.Rate);
                        }
                    }
                    else
                    {
                        for (int i = 0; i < count; i++)
                        {
                            ulong bits = (ulong)batch[i].Size * 8;
                            if (band.Bucket >= bits)
                            {
                                band.Bucket -= bits;
                            }
                            else
                            {
                                Exceed(exceededBand, exceededRate, i, m, band.Rate);
                            }
                        }
                    }
                }

                Span<bool> drop = stackalloc bool[DpPacketBatch.MaxBurst];
                for (int i = 0; i < count; i++)
                {
                    if (exceededBand[i] >= 0)
                    {
                        ref Band band = ref _bands[exceededBand[i]];
                        band.Packets++;
                        band.Bytes += (ulong)batch[i].Size;
                        drop[i] = true;
                    }
                }

                int before = batch.Count;
                batch.ReleaseWhere(drop[..count]);
                s_dropMeter.Add(before - batch.Count);
            }
        }

        private static void Exceed(Span<int> exceededBand, Span<uint> exceededRate, int packet, int band, uint rate)
        {
            if (rate > exceededRate[packet])
            {
                exceededRate[packet] = rate;
                exceededBand[packet] = band;
            }
        }

        private struct Band
        {
            public uint Rate;
            public uint BurstSize;
            public ulong Bucket;
            public ulong Packets;
            public ulong Bytes;
        }
    }
}
