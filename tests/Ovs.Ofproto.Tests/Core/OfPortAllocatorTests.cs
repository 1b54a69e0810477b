using Ovs.Ofproto.Core;

namespace Ovs.Ofproto.Tests.Core;

public sealed class OfPortAllocatorTests
{
    [Fact]
    public void NumbersStartAtOneAndHonourFreeRequests()
    {
        var allocator = new OfPortAllocator(new ManualTime());
        Assert.Equal(5, allocator.Allocate(5));
        Assert.Equal(1, allocator.Allocate(null));
        Assert.Equal(2, allocator.Allocate(null));
        Assert.True(allocator.IsInUse(5));
        Assert.False(allocator.IsInUse(3));
    }

    [Fact]
    public void RequestForANumberInUseGetsTheNextFreeOne()
    {
        var allocator = new OfPortAllocator(new ManualTime());
        Assert.Equal(1, allocator.Allocate(1));
        Assert.Equal(2, allocator.Allocate(1));
    }

    [Fact]
    public void RequestsOutsideTheRangeAreIgnored()
    {
        var allocator = new OfPortAllocator(new ManualTime());
        Assert.Equal(1, allocator.Allocate(0));
        Assert.Equal(2, allocator.Allocate(OfpPortNumber.Max));
    }

    [Fact]
    public void AFreedNumberIsNotReusedAtOnce()
    {
        var time = new ManualTime();
        var allocator = new OfPortAllocator(time);
        Assert.Equal(1, allocator.Allocate(null));
        Assert.Equal(2, allocator.Allocate(null));
        allocator.Release(2);
        Assert.Equal(3, allocator.Allocate(null));

        // A freed number can still be asked for explicitly.
        allocator.Release(1);
        Assert.Equal(1, allocator.Allocate(1));
    }

    [Fact]
    public void WhenEveryNumberWasUsedTheOneFreedLongestAgoIsReused()
    {
        var time = new ManualTime();
        var allocator = new OfPortAllocator(time, maxPorts: 4);
        Assert.Equal([1, 2, 3], new[] { allocator.Allocate(null), allocator.Allocate(null), allocator.Allocate(null) });
        allocator.Release(2);
        time.Advance(TimeSpan.FromSeconds(1));
        allocator.Release(1);
        Assert.Equal(2, allocator.Allocate(null));
        Assert.Equal(1, allocator.Allocate(null));
        Assert.Equal(OfpPortNumber.None, allocator.Allocate(null));
    }

    [Fact]
    public void ANumberFreedMoreThanAnHourAgoCountsAsNeverUsed()
    {
        var time = new ManualTime();
        var allocator = new OfPortAllocator(time, maxPorts: 4);
        Assert.Equal(1, allocator.Allocate(null));
        allocator.Release(1);
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, allocator.Allocate(null));
        Assert.Equal(3, allocator.Allocate(null));
        Assert.Equal(1, allocator.Allocate(null));
    }
}
