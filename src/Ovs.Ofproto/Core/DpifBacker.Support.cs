// Upstream: the rt_support and bt_support members of struct dpif_backer in ofproto/ofproto-dpif.c (OVS 3.1)
//
// What the datapath supports: at boot (everything translation uses, for the userspace datapath) and at run time
// (what dpif/set-dp-features left, which translation reads).
// Threading: written on the main loop, read by translations on any thread (an immutable record replaced whole).
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Core;

internal sealed partial class DpifBacker
{
    private XlateSupport _support = new();

    /// <summary>The datapath's features as probed when it was opened.</summary>
    public XlateSupport BootSupport { get; } = new();

    /// <summary>The features translation uses now.</summary>
    public XlateSupport Support
    {
        get => Volatile.Read(ref _support);
        set => Volatile.Write(ref _support, value);
    }
}
