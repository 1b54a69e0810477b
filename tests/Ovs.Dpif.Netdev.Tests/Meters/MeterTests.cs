// Datapath meters through the datapath: a flow "meter(ID),2" on a dummy datapath whose clock only moves when the test
// warps it, so that bucket refills are exact. The expectations follow upstream's token-bucket rules (buckets start
// full at burst * 1000; refill rate per millisecond; a drop band drops what exceeds it).
using Ovs.Common;
using Ovs.Dpif.Netdev.Tests.Datapath;

namespace Ovs.Dpif.Netdev.Tests.Meters;

public sealed class MeterTests
{
    private const int FrameBits = 60 * 8;

    private static DatapathFixture Start(OvsClock clock, uint meterId, ushort flags, uint rate, uint burst)
    {
        var f = new DatapathFixture(time: clock);
        f.AddPort("p1");
        f.AddPort("p2");
        var meters = (IDpifMeters)f.Dpif;
        Assert.Equal(0, meters.MeterSet(meterId, new DpifMeterConfig(flags, [new DpifMeterBand(DpifMeterConfig.BandDrop, rate, burst)])));
        f.PutMegaflow($"meter({meterId}),2");
        return f;
    }

    private static void Send(DatapathFixture f, int count)
    {
        for (int i = 0; i < count; i++)
        {
            f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        }

        f.PollAll();
    }

    [Fact]
    public void A_packet_rate_band_passes_its_burst_then_refills_with_time()
    {
        var clock = new OvsClock();
        clock.Stop();
        using DatapathFixture f = Start(clock, 1, DpifMeterConfig.FlagPktps | DpifMeterConfig.FlagBurst, rate: 10, burst: 2);

        Send(f, 5);
        Assert.Equal(2, f.Sent("p2").Count);

        // 10 packets per second: 100 ms earn one packet.
        clock.Warp(TimeSpan.FromMilliseconds(100));
        Send(f, 3);
        Assert.Equal(3, f.Sent("p2").Count);

        Assert.Equal(0, ((IDpifMeters)f.Dpif).MeterGet(1, 8, out DpifMeterStats? stats));
        Assert.Equal(8UL, stats!.PacketsIn);
        Assert.Equal(8UL * 60, stats.BytesIn);
        Assert.Equal((5UL, 5UL * 60), Assert.Single(stats.Bands));
    }

    [Fact]
    public void A_kbps_band_counts_bits_and_a_zero_burst_means_the_rate()
    {
        var clock = new OvsClock();
        clock.Stop();

        // 1 kbps with no burst: the bucket holds 1000 bits, two 480-bit frames.
        using DatapathFixture f = Start(clock, 7, DpifMeterConfig.FlagKbps, rate: 1, burst: 0);
        Send(f, 4);
        Assert.Equal(1000 / FrameBits, f.Sent("p2").Count);

        // 480 ms at 1 kbps earn exactly one frame.
        clock.Warp(TimeSpan.FromMilliseconds(480));
        Send(f, 2);
        Assert.Equal((1000 / FrameBits) + 1, f.Sent("p2").Count);
    }

    [Fact]
    public void Packets_of_a_missing_meter_go_on_and_meter_errors_are_upstreams()
    {
        var clock = new OvsClock();
        clock.Stop();
        using DatapathFixture f = Start(clock, 3, DpifMeterConfig.FlagPktps, rate: 1, burst: 1);
        var meters = (IDpifMeters)f.Dpif;
        Assert.Equal(0, meters.MeterDel(3, 8, out DpifMeterStats? final));
        Assert.Equal(0UL, final!.PacketsIn);
        Send(f, 3);
        Assert.Equal(3, f.Sent("p2").Count);

        var drop = new DpifMeterBand(DpifMeterConfig.BandDrop, 1, 1);
        Assert.Equal(OvsErrno.ENOENT, meters.MeterGet(3, 8, out _));
        Assert.Equal(OvsErrno.EFBIG, meters.MeterSet(1u << 18, new DpifMeterConfig(DpifMeterConfig.FlagKbps, [drop])));
        Assert.Equal(OvsErrno.EBADF, meters.MeterSet(1, new DpifMeterConfig(0x10, [drop])));
        Assert.Equal(OvsErrno.EINVAL, meters.MeterSet(1, new DpifMeterConfig(DpifMeterConfig.FlagKbps, Enumerable.Repeat(drop, 9).ToList())));
        Assert.Equal(OvsErrno.ENODEV, meters.MeterSet(1, new DpifMeterConfig(DpifMeterConfig.FlagKbps, [drop with { Type = 2 }])));
        Assert.Equal(1u << 18, meters.MeterFeatures.MaxMeters);
        Assert.Equal(8, meters.MeterFeatures.MaxBands);
    }
}
