// Upstream: lib/coverage.c, COVERAGE_DEFINE / COVERAGE_INC (OVS 3.1)
//
// One named event counter. Hit() is a single interlocked add, cheap enough for hot paths. The rate history
// (twelve 5-second slots for the last minute and sixty 1-minute slots for the last hour) is only touched by
// CoverageCounters.Snapshot(), which the daemon calls every 5 seconds from its main loop, so it needs no locking
// beyond the registry's.
namespace Ovs.Common.Diagnostics;

/// <summary>A coverage counter: <c>private static readonly CoverageCounter s_hmapExpand = CoverageCounter.Get("hmap_expand");</c></summary>
public sealed class CoverageCounter
{
    internal const int MinuteSlots = 12;
    internal const int HourSlots = 60;

    private readonly long[] _minute = new long[MinuteSlots];
    private readonly long[] _hour = new long[HourSlots];
    private long _total;
    private int _minuteIndex;
    private int _hourIndex;
    private int _slotsThisMinute;

    internal CoverageCounter(string name) => Name = name;

    public string Name { get; }

    /// <summary>The live count (coverage/read-counter).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The count as of the last snapshot (what coverage/show prints).</summary>
    internal long SnapshotTotal { get; private set; }

    /// <summary>Returns the counter with this name, creating it on first use.</summary>
    public static CoverageCounter Get(string name) => CoverageCounters.GetOrCreate(name);

    public void Hit() => Interlocked.Increment(ref _total);

    public void Add(long count) => Interlocked.Add(ref _total, count);

    /// <summary>Closes a 5-second interval: records the events counted since the previous snapshot.</summary>
    internal void Snapshot()
    {
        long total = Total;
        long delta = total - SnapshotTotal;
        SnapshotTotal = total;
        _minute[_minuteIndex] = delta;
        _minuteIndex = (_minuteIndex + 1) % MinuteSlots;
        if (++_slotsThisMinute == MinuteSlots)
        {
            _hour[_hourIndex] = _minute.Sum();
            _hourIndex = (_hourIndex + 1) % HourSlots;
            _slotsThisMinute = 0;
        }
    }

    /// <summary>Average rates per second over the last 5 seconds, minute and hour.</summary>
    internal (double FiveSeconds, double Minute, double Hour) Rates()
    {
        double last = _minute[(_minuteIndex + MinuteSlots - 1) % MinuteSlots] / 5.0;
        double minute = _minute.Sum() / 60.0;
        long partial = 0;
        for (int i = 1; i <= _slotsThisMinute; i++)
        {
            partial += _minute[(_minuteIndex + MinuteSlots - i) % MinuteSlots];
        }

        double hour = (_hour.Sum() + partial) / 3600.0;
        return (last, minute, hour);
    }
}
