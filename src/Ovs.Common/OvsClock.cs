// Upstream: lib/timeval.c, time/stop and time/warp under --enable-dummy (OVS 3.1)
//
// A TimeProvider whose monotonic clock (GetTimestamp) can be stopped and warped, for tests and --enable-dummy.
// While running it follows the inner provider plus the total warp; while stopped it stands still and moves only
// by Warp(). Wall-clock time (GetUtcNow) is not affected, as upstream's warp only moves the monotonic clock.
//
// Timers created through CreateTimer are kept here, keyed by their due time on this clock. While running, one
// inner timer wakes us at the earliest due time; Warp() fires every timer that becomes due, in due-time order,
// with the clock reading each timer's due time while its callback runs, then leaves the clock at the target.
// Callbacks run on the thread that calls Warp() (or on the inner timer's thread); MainLoop's callbacks only post
// to the loop, so this is safe. Thread-safe: state is guarded by _lock, callbacks are invoked outside it.
namespace Ovs.Common;

/// <summary>A monotonic clock that can be stopped and warped, like upstream's dummy time.</summary>
public sealed class OvsClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly Lock _lock = new();
    private readonly List<ClockTimer> _timers = [];
    private long _warpTicks;
    private long? _frozen;
    private ITimer? _wake;
    private long _order;

    public OvsClock()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A clock layered on <paramref name="inner"/>, which supplies real time and wake-ups.</summary>
    public OvsClock(TimeProvider inner) => _inner = inner;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <summary>True after <see cref="Stop"/>: time then moves only through <see cref="Warp"/>.</summary>
    public bool IsStopped
    {
        get
        {
            lock (_lock)
            {
                return _frozen.HasValue;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return NowUnlocked();
        }
    }

    /// <summary>time/stop: freezes the monotonic clock.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _frozen ??= NowUnlocked();
            _wake?.Dispose();
            _wake = null;
        }
    }

    /// <summary>Lets the clock follow real time again from where it stands.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            if (_frozen is { } frozen)
            {
                _warpTicks = frozen - _inner.GetTimestamp();
                _frozen = null;
            }
        }

        Fire(long.MinValue);
    }

    /// <summary>time/warp: advances the monotonic clock by <paramref name="delta"/>, firing timers that fall due.</summary>
    public void Warp(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        long target;
        lock (_lock)
        {
            target = NowUnlocked() + ToTicks(delta);
        }

        Fire(target);
    }

    /// <summary>time/warp LARGE STEP: advances in steps of <paramref name="step"/> up to <paramref name="total"/>.</summary>
    public void Warp(TimeSpan total, TimeSpan step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        for (TimeSpan done = TimeSpan.Zero; done < total; done += step)
        {
            Warp(step < total - done ? step : total - done);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ClockTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private long NowUnlocked() => _frozen ?? (_inner.GetTimestamp() + _warpTicks);

    private long ToTicks(TimeSpan span) => (long)(span.Ticks * (double)TimestampFrequency / TimeSpan.TicksPerSecond);

    /// <summary>
    /// Fires due timers in order. With a target (from Warp) the clock first steps to each timer's due time and
    /// finally to the target; with long.MinValue (a real-time wake-up) only timers already due fire.
    /// </summary>
    private void Fire(long target)
    {
        while (true)
        {
            ClockTimer? next;
            lock (_lock)
            {
                long now = NowUnlocked();
                long limit = Math.Max(now, target);
                next = EarliestUnlocked();
                if (next is null || next.Due > limit)
                {
                    if (target != long.MinValue && target > now)
                    {
                        Advance(target - now);
                    }

                    ArmWakeUnlocked();
                    return;
                }

                if (next.Due > now)
                {
                    Advance(next.Due - now);
                }

                next.Reschedule(_order++);
            }

            next.Invoke();
        }
    }

    private void Advance(long ticks)
    {
        if (_frozen.HasValue)
        {
            _frozen += ticks;
        }
        else
        {
            _warpTicks += ticks;
        }
    }

    private ClockTimer? EarliestUnlocked()
    {
        ClockTimer? best = null;
        foreach (ClockTimer t in _timers)
        {
            if (best is null || t.Due < best.Due || (t.Due == best.Due && t.Order < best.Order))
            {
                best = t;
            }
        }

        return best;
    }

    private void ArmWakeUnlocked()
    {
        _wake?.Dispose();
        _wake = null;
        ClockTimer? next = EarliestUnlocked();
        if (_frozen.HasValue || next is null)
        {
            return;
        }

        long delayTicks = Math.Max(0, next.Due - NowUnlocked());
        var delay = TimeSpan.FromTicks((long)(delayTicks * (double)TimeSpan.TicksPerSecond / TimestampFrequency));
        _wake = _inner.CreateTimer(static s => ((OvsClock)s!).Fire(long.MinValue), this, delay, Timeout.InfiniteTimeSpan);
    }

    private sealed class ClockTimer(OvsClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _periodTicks;

        public long Due { get; private set; }

        public long Order { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock.NowUnlocked() + clock.ToTicks(dueTime);
                    _periodTicks = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : Math.Max(1, clock.ToTicks(period));
                    Order = clock._order++;
                    clock._timers.Add(this);
                }

                clock.ArmWakeUnlocked();
            }

            return true;
        }

        /// <summary>Called under the clock's lock just before firing: re-arms a periodic timer or removes a one-shot.</summary>
        public void Reschedule(long order)
        {
            if (_periodTicks > 0)
            {
                Due += _periodTicks;
                Order = order;
            }
            else
            {
                clock._timers.Remove(this);
            }
        }

        public void Invoke() => callback(state);

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
