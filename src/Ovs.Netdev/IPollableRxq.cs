// Upstream: the rxq_wait member of struct netdev_class (lib/netdev-provider.h), which registers a descriptor with
// poll_block() so that one thread sleeps on all its queues at once (OVS 3.1)
namespace Ovs.Netdev;

/// <summary>A receive queue whose readiness poll(2) on one file descriptor reports (see RxqWaitSet).</summary>
internal interface IPollableRxq : INetdevRxq
{
    /// <summary>The descriptor that becomes readable when packets arrive; -1 once the queue is closed.</summary>
    int PollFd { get; }

    /// <summary>True when Receive has packets now whatever the descriptor says (frames already handed over).</summary>
    bool IsReady { get; }
}
