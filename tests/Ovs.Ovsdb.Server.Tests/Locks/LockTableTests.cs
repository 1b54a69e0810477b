// Lock queue semantics of RFC 7047 4.1.8-4.1.10 as ovsdb-server implements them.
using Ovs.Ovsdb.Server.Locks;

namespace Ovs.Ovsdb.Server.Tests.Locks;

public sealed class LockTableTests
{
    [Fact]
    public void FirstWaiterOwnsAndNextInLineInheritsOnRelease()
    {
        var table = new LockTable();
        LockWaiter a = table.Acquire("x", "A", steal: false, out _);
        LockWaiter b = table.Acquire("x", "B", steal: false, out _);
        Assert.True(a.IsOwner);
        Assert.False(b.IsOwner);

        Assert.Same(b, table.Release(a));
        Assert.True(b.IsOwner);
        Assert.Null(table.Release(b));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void StealTakesOwnershipAndTheVictimWaitsBehind()
    {
        var table = new LockTable();
        LockWaiter a = table.Acquire("x", "A", steal: false, out _);
        LockWaiter b = table.Acquire("x", "B", steal: true, out LockWaiter? victim);
        Assert.Same(a, victim);
        Assert.True(b.IsOwner);
        Assert.False(a.IsOwner);

        Assert.Same(a, table.Release(b));
        Assert.True(a.IsOwner);
    }

    [Fact]
    public void ReleasingAWaiterThatDoesNotOwnChangesNoOwner()
    {
        var table = new LockTable();
        LockWaiter a = table.Acquire("x", "A", steal: false, out _);
        LockWaiter b = table.Acquire("x", "B", steal: false, out _);
        Assert.Null(table.Release(b));
        Assert.True(a.IsOwner);
    }
}
