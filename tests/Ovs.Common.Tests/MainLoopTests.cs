using System.Collections.Concurrent;
using Ovs.Common.Logging;
using Ovs.Common.Tests.Logging;

namespace Ovs.Common.Tests;

[Collection(VlogCollection.Name)]
public sealed class MainLoopTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static Thread StartLoop(MainLoop loop)
    {
        var thread = new Thread(loop.Run) { IsBackground = true };
        thread.Start();
        return thread;
    }

    [Fact]
    public void PostedActionsRunInOrderOnTheLoopThread()
    {
        var loop = new MainLoop();
        var seen = new List<int>();
        bool allOnLoop = true;
        for (int i = 0; i < 100; i++)
        {
            int n = i;
            loop.Post(() =>
            {
                allOnLoop &= loop.IsLoopThread;
                seen.Add(n);
            });
        }

        loop.Post(loop.Stop);
        Thread thread = StartLoop(loop);
        Assert.True(thread.Join(s_timeout));
        Assert.Equal(Enumerable.Range(0, 100), seen);
        Assert.True(allOnLoop);
        Assert.False(loop.IsLoopThread);
    }

    [Fact]
    public void StopFromAnotherThreadEndsRun()
    {
        var loop = new MainLoop();
        Thread thread = StartLoop(loop);
        var ran = new ManualResetEventSlim();
        loop.Post(ran.Set);
        Assert.True(ran.Wait(s_timeout));
        loop.Stop();
        Assert.True(thread.Join(s_timeout));
    }

    [Fact]
    public void ExceptionInActionIsLoggedAndLoopContinues()
    {
        var loop = new MainLoop();
        bool after = false;
        using var console = new StringWriter();
        string pattern = Vlog.GetPattern(VlogDestination.Console);
        Vlog.SetPattern(VlogDestination.Console, "%c|%p|%m");
        Vlog.ConsoleOverride = console;
        try
        {
            loop.Post(() => throw new InvalidOperationException("boom"));
            loop.Post(() => after = true);
            loop.Post(loop.Stop);
            Thread thread = StartLoop(loop);
            Assert.True(thread.Join(s_timeout));
        }
        finally
        {
            Vlog.ConsoleOverride = null;
            Vlog.SetPattern(VlogDestination.Console, pattern);
        }

        Assert.True(after);
        Assert.Equal("poll_loop|ERR|unhandled exception in main loop action: System.InvalidOperationException: boom\n", console.ToString());
    }

    [Fact]
    public void WallClockTimerFiresOnLoopThread()
    {
        var loop = new MainLoop();
        bool onLoop = false;
        loop.Schedule(TimeSpan.FromMilliseconds(20), () =>
        {
            onLoop = loop.IsLoopThread;
            loop.Stop();
        });
        Thread thread = StartLoop(loop);
        Assert.True(thread.Join(s_timeout));
        Assert.True(onLoop);
    }

    [Fact]
    public void VirtualClockTimersFireOnlyOnWarpInDueOrder()
    {
        var clock = new OvsClock();
        clock.Stop();
        var loop = new MainLoop(clock);
        var fired = new ConcurrentQueue<string>();
        loop.Schedule(TimeSpan.FromSeconds(3), () => fired.Enqueue("3s"));
        loop.Schedule(TimeSpan.FromSeconds(1), () => fired.Enqueue("1s"));
        IDisposable cancelled = loop.Schedule(TimeSpan.FromSeconds(2), () => fired.Enqueue("2s"));
        IDisposable repeating = loop.ScheduleRepeating(TimeSpan.FromMilliseconds(1500), () => fired.Enqueue("rep"));
        cancelled.Dispose();
        Thread thread = StartLoop(loop);

        long before = loop.MonotonicMs;
        Thread.Sleep(50);
        Assert.Equal(before, loop.MonotonicMs);

        clock.Warp(TimeSpan.FromMilliseconds(999));
        clock.Warp(TimeSpan.FromMilliseconds(2001));
        Assert.Equal(before + 3000, loop.MonotonicMs);
        using (var drained = new ManualResetEventSlim())
        {
            loop.Post(drained.Set);
            Assert.True(drained.Wait(s_timeout));
        }

        repeating.Dispose();
        clock.Warp(TimeSpan.FromSeconds(10));
        loop.Post(loop.Stop);
        Assert.True(thread.Join(s_timeout));
        Assert.Equal(["1s", "rep", "3s", "rep"], fired);
    }

    [Fact]
    public void WarpInStepsFiresRepeatingTimerEachPeriod()
    {
        var clock = new OvsClock();
        clock.Stop();
        int count = 0;
        using ITimer timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        clock.Warp(TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(300));
        Assert.Equal(10, count);
        Assert.True(clock.IsStopped);
    }

    [Fact]
    public void RunningVirtualClockFollowsRealTimePlusWarp()
    {
        var clock = new OvsClock();
        long start = clock.GetTimestamp();
        clock.Warp(TimeSpan.FromHours(1));
        TimeSpan elapsed = clock.GetElapsedTime(start);
        Assert.InRange(elapsed, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        using var fired = new ManualResetEventSlim();
        using ITimer timer = clock.CreateTimer(_ => fired.Set(), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        Assert.True(fired.Wait(s_timeout));
    }
}
