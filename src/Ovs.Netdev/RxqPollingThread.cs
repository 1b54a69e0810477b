// Marks the threads that poll receive queues continuously (the datapath's own threads), as opposed to an owner
// that polls a thread-less datapath by hand. A dummy queue uses it to know whether an injected packet will be
// picked up on its own, and so whether netdev-dummy/receive may wait for it to be processed.
namespace Ovs.Netdev;

internal static class RxqPollingThread
{
    [ThreadStatic]
    private static bool s_isCurrent;

    /// <summary>True on a thread that called <see cref="Enter"/>.</summary>
    public static bool IsCurrent => s_isCurrent;

    /// <summary>Declares the calling thread a continuous poller for the rest of its life.</summary>
    public static void Enter() => s_isCurrent = true;
}
