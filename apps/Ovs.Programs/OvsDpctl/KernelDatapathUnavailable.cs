// Upstream: what lib/dpif-netlink.c reports when the kernel's openvswitch module is not loaded (OVS 3.1).
// The "system" datapath type as ovs-dpctl sees it on a machine where there is no kernel datapath, which is always
// the case for this build: listing the datapaths fails with ENOENT (dpctl logs "failed to enumerate system
// datapaths") and opening or creating one fails with ENOENT too, so ovs-dpctl prints upstream's messages for it.
using Ovs.Common;
using Ovs.Dpif;

namespace Ovs.Programs.OvsDpctl;

internal sealed class KernelDatapathUnavailable : IDpifProvider, IDpifProviderEnumeration
{
    public string Type => "system";

    public int Open(string name, bool create, out IDpif? dpif)
    {
        dpif = null;
        return OvsErrno.ENOENT;
    }

    public IReadOnlyList<string> EnumerateNames() => [];

    public int TryEnumerateNames(out IReadOnlyList<string> names)
    {
        names = [];
        return OvsErrno.ENOENT;
    }
}
