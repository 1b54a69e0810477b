// Upstream: lib/poll-loop.c, poll_block() and the daemons' main loops (OVS 3.1)
//
// The single control-plane thread of a daemon. Everything that touches daemon state (sessions, the database
// engine, unixctl commands, timers) runs here, one action at a time, in the order it was posted; other threads
// (socket I/O, signal handlers, timers) only hand work over through Post(). That gives upstream's deterministic
// single-threaded model without locks in the core.
//
// Invariants:
//  - Actions run only on the thread inside Run(); IsLoopThread tells code which side it is on.
//  - Post() is safe from any thread, never blocks, and preserves order per posting thread (FIFO channel).
//  - Timers come from Time.CreateTimer; when one fires it posts its action, so timer actions are ordered with
//    other posted work. Disposing the handle cancels the timer, including an expiry already posted but not run.
//  - An exception thrown by an action is logged at ERR (module poll_loop) and the loop continues, except for
//    exceptions that mean the process state is unreliable (out of memory, corrupted state), which propagate.
//  - Stop() may be called from any thread, also from an action; Run() returns after the current action.
//  - Record/replay (--record, --replay): actions caused by outside input are posted with PostInput() and a tag
//    that names the event alike in every run; timer expiries are tagged by the timer's creation order. With a
//    recording LoopJournal the loop notes each tag (and the clock) as it runs it; with a replaying one it holds
//    tagged actions until the journal says it is their turn, fires timers only when the journal says so, and sets
//    its ReplayClock to the recorded time first. Untagged actions (posted by the loop itself) run as usual.
// Blocking: the loop thread blocks on the channel when idle, which is what poll_block() does; it is a dedicated
// thread, so waiting synchronously there is intended.
using System.Globalization;
using System.Threading.Channels;
using Ovs.Common.Logging;
using Ovs.Common.Replay;

namespace Ovs.Common;

/// <summary>A daemon's control-plane thread: posted actions and timers, run one at a time.</summary>
public sealed class MainLoop
{
    private static readonly VlogModule s_log = VlogModule.Get("poll_loop");

    private readonly Channel<Action> _queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Action> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ScheduledAction> _timers = [];
    private volatile bool _stopRequested;
    private volatile Thread? _thread;
    private LoopJournal? _journal;
    private long _nextTimerId;

    /// <summary>A loop using the wall clock.</summary>
    public MainLoop()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A loop whose timers and <see cref="Now"/> use <paramref name="time"/> (for example an <see cref="OvsClock"/>).</summary>
    public MainLoop(TimeProvider time) => Time = time;

    /// <summary>The clock used for timers and <see cref="Now"/>.</summary>
    public TimeProvider Time { get; }

    /// <summary>The current wall-clock time according to <see cref="Time"/>.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Monotonic milliseconds according to <see cref="Time"/> (upstream's time_msec()).</summary>
    public long MonotonicMs => Time.GetTimestamp() * 1000 / Time.TimestampFrequency;

    /// <summary>True when called from inside <see cref="Run"/>, i.e. from an action or timer of this loop.</summary>
    public bool IsLoopThread => ReferenceEquals(_thread, Thread.CurrentThread);

    /// <summary>True once <see cref="Stop"/> has been called.</summary>
    public bool IsStopping => _stopRequested;

    /// <summary>Queues <paramref name="action"/> to run on the loop thread. Thread-safe; never blocks.</summary>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _queue.Writer.TryWrite(action);
    }

    /// <summary>
    /// Records or replays this loop's outside events (see the file comment). Set before <see cref="Run"/>; a
    /// replaying journal needs the loop to run on its <see cref="LoopJournal.Clock"/>.
    /// </summary>
    public LoopJournal? Journal
    {
        get => _journal;
        set
        {
            if (_thread is not null)
            {
                throw new InvalidOperationException("the journal must be set before the loop runs");
            }

            _journal = value;
        }
    }

    /// <summary>
    /// Queues <paramref name="action"/>, caused by outside input, as event <paramref name="tag"/>: a name that the
    /// same event gets in every run (a connection's name and the event's number on it), for record/replay.
    /// </summary>
    public void PostInput(string tag, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_journal is null)
        {
            Post(action);
        }
        else
        {
            Post(() => RunInput(tag, action));
        }
    }

    /// <summary>Runs <paramref name="action"/> once on the loop thread after <paramref name="due"/>. Dispose to cancel.</summary>
    public IDisposable Schedule(TimeSpan due, Action action) => StartTimer(due, Timeout.InfiniteTimeSpan, action);

    /// <summary>Runs <paramref name="action"/> on the loop thread every <paramref name="period"/>. Dispose to cancel.</summary>
    public IDisposable ScheduleRepeating(TimeSpan period, Action action)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return StartTimer(period, period, action);
    }

    /// <summary>Runs posted actions on the calling thread until <see cref="Stop"/>.</summary>
    public void Run()
    {
        if (Interlocked.CompareExchange(ref _thread, Thread.CurrentThread, null) is not null)
        {
            throw new InvalidOperationException("MainLoop.Run is already running.");
        }

        try
        {
            ChannelReader<Action> reader = _queue.Reader;
            DrainReplay();
            while (!_stopRequested)
            {
                if (!reader.TryRead(out Action? action))
                {
                    WaitForWork(reader);
                    continue;
                }

                Invoke(action);
                DrainReplay();
            }
        }
        finally
        {
            _thread = null;
        }
    }

    /// <summary>Makes <see cref="Run"/> return after the current action. Thread-safe.</summary>
    public void Stop()
    {
        _stopRequested = true;
        _queue.Writer.TryWrite(static () => { });
    }

    private static void WaitForWork(ChannelReader<Action> reader)
    {
        ValueTask<bool> wait = reader.WaitToReadAsync();
        if (!wait.IsCompleted)
        {
            // The loop thread is dedicated to this loop; blocking it while idle is the poll_block() equivalent.
            wait.AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (!IsFatal(ex))
        {
            // One line, as every vlog message is; the stack trace goes to the debug level.
            s_log.Err($"unhandled exception in main loop action: {ex.GetType().FullName}: {ex.Message}");
            s_log.Dbg($"{ex}");
        }
    }

    private void RunInput(string tag, Action action)
    {
        if (_journal is { IsRecording: true } journal)
        {
            journal.Write(tag, MonotonicMs, Now);
            action();
            return;
        }

        if (_journal!.TryPeek(out _))
        {
            _held[tag] = action;
        }
        else
        {
            // Every recorded event has been replayed: from here on events run as they come.
            action();
        }
    }

    // Replay: runs held events and timer expiries for as long as the journal's next event is available.
    private void DrainReplay()
    {
        if (_journal is not { IsRecording: false } journal)
        {
            return;
        }

        while (!_stopRequested && journal.TryPeek(out string tag))
        {
            if (!_held.Remove(tag, out Action? action) && !TryTakeTimer(tag, out action))
            {
                return;
            }

            journal.Advance();
            Invoke(action!);
        }
    }

    private bool TryTakeTimer(string tag, out Action? action)
    {
        action = null;
        if (!tag.StartsWith(TimerTagPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        int colon = tag.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !long.TryParse(tag.AsSpan(TimerTagPrefix.Length, colon - TimerTagPrefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out long id)
            || !TryGetTimer(id, out ScheduledAction? timer))
        {
            return false;
        }

        action = timer.FireForReplay;
        return true;
    }

    private const string TimerTagPrefix = "timer#";

    private bool TryGetTimer(long id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScheduledAction? timer)
    {
        lock (_timers)
        {
            return _timers.TryGetValue(id, out timer);
        }
    }

    private static bool IsFatal(Exception ex) =>
        ex is OutOfMemoryException or InsufficientExecutionStackException or AccessViolationException or BadImageFormatException;

    private ScheduledAction StartTimer(TimeSpan due, TimeSpan period, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        long id = Interlocked.Increment(ref _nextTimerId) - 1;
        var scheduled = new ScheduledAction(this, action, period != Timeout.InfiniteTimeSpan, id);
        if (_journal is { IsRecording: false })
        {
            // Replayed timers fire when the journal says; they are looked up by their creation order.
            lock (_timers)
            {
                _timers[id] = scheduled;
            }
        }

        scheduled.Start(Time, due, period);
        return scheduled;
    }

    /// <summary>A timer whose expiries are posted to the loop; disposal wins over expiries not yet run.</summary>
    private sealed class ScheduledAction(MainLoop loop, Action action, bool repeating, long id) : IDisposable
    {
        private ITimer? _timer;
        private volatile bool _cancelled;
        private long _expiries;

        /// <summary>Replay: the recorded expiry whose turn has come.</summary>
        public void FireForReplay()
        {
            _expiries++;
            RunIfLive();
        }

        public void Start(TimeProvider time, TimeSpan due, TimeSpan period)
        {
            ITimer timer = time.CreateTimer(static s => ((ScheduledAction)s!).Expired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Volatile.Write(ref _timer, timer);
            timer.Change(due, period);
        }

        public void Dispose()
        {
            _cancelled = true;
            Interlocked.Exchange(ref _timer, null)?.Dispose();
        }

        private void Expired()
        {
            if (!_cancelled)
            {
                long expiry = Interlocked.Increment(ref _expiries) - 1;
                loop.PostInput(string.Create(CultureInfo.InvariantCulture, $"{TimerTagPrefix}{id}:{expiry}"), RunIfLive);
            }
        }

        private void RunIfLive()
        {
            if (_cancelled)
            {
                return;
            }

            if (!repeating)
            {
                Dispose();
            }

            action();
        }
    }
}
