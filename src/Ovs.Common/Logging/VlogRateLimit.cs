// Upstream: lib/vlog.c, struct vlog_rate_limit and vlog_should_drop() (OVS 3.1)
//
// A token bucket: RATE messages per minute on average, with bursts of up to BURST. Tokens are counted in
// "message-milliseconds" (one message costs 60,000; each elapsed millisecond adds RATE), which keeps the arithmetic
// integral. While messages are being dropped the limiter remembers how many and when the first and last were; the
// next message that passes is preceded by a summary at the same level, worded exactly as upstream's.
// Thread-safe: the state is guarded by a lock on the instance (limiters are shared statics).
namespace Ovs.Common.Logging;

/// <summary>
/// A rate limiter shared by related log calls:
/// <c>private static readonly VlogRateLimit s_rl = new(5, 20); ... s_log.Warn(s_rl, $"...");</c>
/// </summary>
public sealed class VlogRateLimit
{
    private const long MessageTokens = 60 * 1000;

    private readonly Lock _lock = new();
    private readonly TimeProvider? _time;
    private readonly long _rate;
    private readonly long _maxTokens;
    private long _tokens;
    private long _lastFillMs = long.MinValue;
    private int _dropped;
    private long _firstDroppedSec;
    private long _lastDroppedSec;

    /// <summary>Allows <paramref name="ratePerMinute"/> messages a minute on average and bursts of <paramref name="burst"/>.</summary>
    public VlogRateLimit(int ratePerMinute, int burst)
        : this(ratePerMinute, burst, null)
    {
    }

    /// <summary>As above with an explicit clock; null means <see cref="Vlog.Time"/> at each use.</summary>
    public VlogRateLimit(int ratePerMinute, int burst, TimeProvider? time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _rate = ratePerMinute;
        _maxTokens = burst * MessageTokens;
        _tokens = _maxTokens;
        _time = time;
    }

    /// <summary>Messages dropped since the last summary.</summary>
    public int DroppedCount
    {
        get
        {
            lock (_lock)
            {
                return _dropped;
            }
        }
    }

    /// <summary>
    /// Decides whether a message at <paramref name="level"/> for <paramref name="module"/> (already known to be
    /// enabled) must be dropped. When it passes after earlier drops, first logs the drop summary.
    /// </summary>
    public bool ShouldDrop(VlogModule module, VlogLevel level)
    {
        if (!module.HonorRateLimits)
        {
            return false;
        }

        TimeProvider time = _time ?? Vlog.Time;
        long nowMs = time.GetTimestamp() * 1000 / time.TimestampFrequency;
        long nowSec = time.GetUtcNow().ToUnixTimeSeconds();
        string? summary = null;
        lock (_lock)
        {
            Refill(nowMs);
            if (_tokens < MessageTokens)
            {
                if (_dropped == 0)
                {
                    _firstDroppedSec = nowSec;
                }

                _lastDroppedSec = nowSec;
                _dropped++;
                return true;
            }

            _tokens -= MessageTokens;
            if (_dropped > 0)
            {
                summary = $"Dropped {_dropped} log messages in last {nowSec - _firstDroppedSec} seconds " +
                          $"(most recently, {nowSec - _lastDroppedSec} seconds ago) due to excessive rate";
                _dropped = 0;
            }
        }

        if (summary is not null)
        {
            Vlog.Write(module, level, summary);
        }

        return false;
    }

    private void Refill(long nowMs)
    {
        if (_lastFillMs == long.MinValue)
        {
            _lastFillMs = nowMs;
            return;
        }

        long elapsed = nowMs - _lastFillMs;
        if (elapsed <= 0)
        {
            return;
        }

        // Saturating add: a long idle period simply refills the bucket.
        long add = elapsed > _maxTokens / _rate ? _maxTokens : elapsed * _rate;
        _tokens = Math.Min(_maxTokens, _tokens + add);
        _lastFillMs = nowMs;
    }
}
