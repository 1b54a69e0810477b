namespace Ovs.Common.Tests;

/// <summary>A manually advanced clock: both the monotonic and the wall clock move only through Advance().</summary>
internal sealed class FakeTime(DateTimeOffset start) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => start.AddTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan delta) => Interlocked.Add(ref _ticks, delta.Ticks);
}
