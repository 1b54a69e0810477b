// Upstream: lib/timeval.c under --replay (OVS 3.1)
//
// The clock of a replaying main loop. It reads what the recorded run's clock read when it handled the same event
// (LoopJournal sets it before each one), and its timers never fire by themselves: the journal says when each
// recorded timer expiry happens. Thread-safe.
namespace Ovs.Common.Replay;

/// <summary>A clock that stands at the recorded time of the event being replayed.</summary>
public sealed class ReplayClock : TimeProvider
{
    private long _timestamp;
    private long _wallTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _wallTicks), TimeSpan.Zero);

    /// <summary>Moves the clock to the recorded readings (monotonic milliseconds and wall-clock time).</summary>
    public void Set(long monotonicMs, DateTimeOffset wall)
    {
        Interlocked.Exchange(ref _timestamp, monotonicMs);
        Interlocked.Exchange(ref _wallTicks, wall.UtcTicks);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new InertTimer();

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
