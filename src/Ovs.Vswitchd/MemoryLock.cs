// Upstream: vswitchd/ovs-vswitchd.c, --mlockall (OVS 3.1)
//
// mlockall(MCL_CURRENT | MCL_FUTURE): keeps the daemon's memory out of swap, so that packet processing never waits
// for paging. Linux values of the flags.
using System.Runtime.InteropServices;

namespace Ovs.Vswitchd;

internal static partial class MemoryLock
{
    private const int McCurrent = 1;
    private const int McFuture = 2;

    /// <summary>Locks all current and future pages; returns 0 or the errno of the failure.</summary>
    public static int LockAll() => MlockAll(McCurrent | McFuture) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "mlockall", SetLastError = true)]
    private static partial int MlockAll(int flags);
}
