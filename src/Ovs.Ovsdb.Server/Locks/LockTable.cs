// Upstream: ovsdb/lock.c (OVS 3.1)
//
// The server-wide table of named locks (RFC 7047 section 4.1.8-4.1.10). Each lock has a queue of waiters, one per
// session that asked for it; the waiter at the head of the queue owns the lock. "lock" joins the tail of the queue,
// "steal" jumps to the head (the previous owner stays queued behind it and is told "stolen"), "unlock" leaves the
// queue, and whoever then reaches the head is told "locked". A lock with an empty queue is forgotten.
// Thread-safety: none; only the server's main loop touches it.
namespace Ovs.Ovsdb.Server.Locks;

/// <summary>A session's place in one lock's queue.</summary>
internal sealed class LockWaiter(string name, object owner)
{
    public string Name { get; } = name;

    /// <summary>The session that asked for the lock.</summary>
    public object Owner { get; } = owner;

    public bool IsOwner { get; internal set; }
}

/// <summary>Named locks shared by every session of one server.</summary>
internal sealed class LockTable
{
    private readonly Dictionary<string, List<LockWaiter>> _queues = new(StringComparer.Ordinal);

    /// <summary>The number of locks with at least one waiter.</summary>
    public int Count => _queues.Count;

    /// <summary>
    /// Queues <paramref name="owner"/> for <paramref name="name"/>. With <paramref name="steal"/> the new waiter
    /// owns the lock at once and <paramref name="victim"/> is the waiter that lost it, if any.
    /// </summary>
    public LockWaiter Acquire(string name, object owner, bool steal, out LockWaiter? victim)
    {
        victim = null;
        if (!_queues.TryGetValue(name, out List<LockWaiter>? queue))
        {
            queue = [];
            _queues.Add(name, queue);
        }

        var waiter = new LockWaiter(name, owner);
        if (steal)
        {
            if (queue.Count > 0 && queue[0].IsOwner)
            {
                victim = queue[0];
                victim.IsOwner = false;
            }

            queue.Insert(0, waiter);
        }
        else
        {
            queue.Add(waiter);
        }

        queue[0].IsOwner = true;
        return waiter;
    }

    /// <summary>Removes <paramref name="waiter"/>; returns the waiter that became the owner as a result, if any.</summary>
    public LockWaiter? Release(LockWaiter waiter)
    {
        if (!_queues.TryGetValue(waiter.Name, out List<LockWaiter>? queue) || !queue.Remove(waiter))
        {
            return null;
        }

        bool wasOwner = waiter.IsOwner;
        waiter.IsOwner = false;
        if (queue.Count == 0)
        {
            _queues.Remove(waiter.Name);
            return null;
        }

        if (wasOwner)
        {
            queue[0].IsOwner = true;
            return queue[0];
        }

        return null;
    }
}
