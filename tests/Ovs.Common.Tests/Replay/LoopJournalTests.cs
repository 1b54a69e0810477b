using Ovs.Common.Replay;

namespace Ovs.Common.Tests.Replay;

/// <summary>
/// The main loop under --record and --replay: a recorded run's order of outside events and timer expiries, and its
/// clock, come back in the replayed run whatever order the events arrive in.
/// </summary>
[Trait("upstream", "tests/ovsdb-server.at: ovsdb-server record/replay")]
public sealed class LoopJournalTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("ovsjournal").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Replay_runs_tagged_events_in_the_recorded_order_on_the_recorded_clock()
    {
        string path = Path.Combine(_dir, "journal");
        var recorded = new List<string>();
        using (LoopJournal journal = LoopJournal.Record(path))
        {
            var loop = new MainLoop { Journal = journal };
            foreach (string tag in new[] { "a:0", "b:0", "a:1", "c:0" })
            {
                loop.PostInput(tag, () => recorded.Add(tag));
            }

            loop.Post(loop.Stop);
            RunToEnd(loop);
        }

        Assert.Equal(["a:0", "b:0", "a:1", "c:0"], recorded);
        long[] times = [.. File.ReadAllLines(path).Select(l => long.Parse(l.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture))];

        var clock = new ReplayClock();
        using LoopJournal replay = LoopJournal.Replay(path, clock);
        var replayLoop = new MainLoop(clock) { Journal = replay };
        var replayed = new List<(string Tag, long Ms)>();

        // The events arrive in another order (and one that never happened); the loop holds them until their turn.
        foreach (string tag in new[] { "c:0", "a:1", "x:0", "b:0", "a:0" })
        {
            replayLoop.PostInput(tag, () =>
            {
                replayed.Add((tag, replayLoop.MonotonicMs));
                if (tag == "c:0")
                {
                    replayLoop.Stop();
                }
            });
        }

        RunToEnd(replayLoop);
        Assert.Equal(["a:0", "b:0", "a:1", "c:0"], replayed.Select(r => r.Tag));
        Assert.Equal(times, replayed.Select(r => r.Ms));
    }

    [Fact]
    public void Replayed_timers_fire_when_the_journal_says_not_by_the_clock()
    {
        string path = Path.Combine(_dir, "journal");
        var recorded = new List<string>();
        using (LoopJournal journal = LoopJournal.Record(path))
        {
            var loop = new MainLoop { Journal = journal };
            using IDisposable timer = loop.Schedule(TimeSpan.FromMilliseconds(20), () =>
            {
                recorded.Add("timer");
                loop.PostInput("after:0", () =>
                {
                    recorded.Add("after");
                    loop.Stop();
                });
            });
            loop.PostInput("before:0", () => recorded.Add("before"));
            RunToEnd(loop);
        }

        Assert.Equal(["before", "timer", "after"], recorded);
        Assert.Contains("timer#0:0", File.ReadAllText(path), StringComparison.Ordinal);

        var clock = new ReplayClock();
        using LoopJournal replay = LoopJournal.Replay(path, clock);
        var replayLoop = new MainLoop(clock) { Journal = replay };
        var replayed = new List<string>();

        // On the replay clock the timer would never expire by itself: the journal fires it, after "before".
        using IDisposable replayTimer = replayLoop.Schedule(TimeSpan.FromHours(1), () =>
        {
            replayed.Add("timer");
            replayLoop.PostInput("after:0", () =>
            {
                replayed.Add("after");
                replayLoop.Stop();
            });
        });
        replayLoop.PostInput("before:0", () => replayed.Add("before"));
        RunToEnd(replayLoop);
        Assert.Equal(["before", "timer", "after"], replayed);
    }

    [Fact]
    public void Without_a_journal_tagged_events_run_as_posted()
    {
        var loop = new MainLoop();
        var seen = new List<string>();
        loop.PostInput("b:0", () => seen.Add("b"));
        loop.PostInput("a:0", () => seen.Add("a"));
        loop.Post(loop.Stop);
        RunToEnd(loop);
        Assert.Equal(["b", "a"], seen);
    }

    private static void RunToEnd(MainLoop loop)
    {
        var thread = new Thread(loop.Run) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(s_timeout));
    }
}
