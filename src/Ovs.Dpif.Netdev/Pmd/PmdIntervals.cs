// Upstream: the PMD_INTERVAL_LEN / PMD_INTERVAL_MAX bookkeeping of lib/dpif-netdev.c (intrvl_cycles,
// busy_cycles_intrvl, rxq cycles_intrvl) (OVS 3.1).
// A PMD thread's time in 5-second intervals: the length of the last closed interval, and its busy time for each of the
// last 12, so pmd-rxq-show can report usage over up to the last minute. Until the first interval closes there is
// nothing to report ("NOT AVAIL"). Times are Stopwatch ticks. Written by the PMD thread, read by the control thread.
using System.Diagnostics;

namespace Ovs.Dpif.Netdev.Pmd;

internal sealed class PmdIntervals
{
    /// <summary>PMD_INTERVAL_MAX.</summary>
    public const int HistoryLength = 12;

    /// <summary>PMD_INTERVAL_LEN in seconds.</summary>
    public const int IntervalSeconds = 5;

    private static readonly long s_intervalTicks = Stopwatch.Frequency * IntervalSeconds;

    private readonly long[] _busyHistory = new long[HistoryLength];
    private long _start = Stopwatch.GetTimestamp();
    private long _busy;
    private long _lastLength;
    private int _newest = HistoryLength - 1;

    /// <summary>Length of the last closed interval; 0 before the first closes.</summary>
    public long LastIntervalTicks => Volatile.Read(ref _lastLength);

    /// <summary>History slot of the last closed interval.</summary>
    public int Newest => Volatile.Read(ref _newest);

    public long SumBusy(int count) => Sum(_busyHistory, Newest, count);

    /// <summary>Adds one loop iteration ending at <paramref name="now"/>; closes the interval when it is over.</summary>
    public void Account(long now, long ticks, bool busy, RxqPoll[] polls)
    {
        if (busy)
        {
            _busy += ticks;
        }

        if (now - _start < s_intervalTicks)
        {
            return;
        }

        int next = (_newest + 1) % HistoryLength;
        Volatile.Write(ref _busyHistory[next], _busy);
        foreach (RxqPoll poll in polls)
        {
            poll.EndInterval(next);
        }

        Volatile.Write(ref _lastLength, now - _start);
        Volatile.Write(ref _newest, next);
        _busy = 0;
        _start = now;
    }

    /// <summary>Sum of <paramref name="count"/> history slots going back from <paramref name="newest"/>.</summary>
    public static long Sum(long[] history, int newest, int count)
    {
        long total = 0;
        for (int i = 0; i < Math.Min(count, history.Length); i++)
        {
            total += Volatile.Read(ref history[(newest - i + history.Length) % history.Length]);
        }

        return total;
    }
}
