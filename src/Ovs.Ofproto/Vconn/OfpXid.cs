// Upstream: lib/ofp-msgs.c, alloc_xid() (OVS 3.1)
namespace Ovs.Ofproto.Vconn;

/// <summary>
/// Transaction ids for messages this process originates: one counter for the whole process, starting at 1, so that
/// successive connections (hello, request, the next connection's hello) number their messages as upstream does.
/// Thread-safe.
/// </summary>
internal static class OfpXid
{
    private static int s_last;

    public static uint Next() => unchecked((uint)Interlocked.Increment(ref s_last));
}
