// Upstream: enum dpif_flow_put_flags in lib/dpif.h (OVS 3.1).
namespace Ovs.Dpif.Netdev.Flows;

[Flags]
internal enum FlowPutFlags
{
    None = 0,

    /// <summary>Add the flow if no installed flow matches its key.</summary>
    Create = 1 << 0,

    /// <summary>Replace the actions of the installed flow that matches its key.</summary>
    Modify = 1 << 1,

    /// <summary>With Modify, also clear the statistics (the userspace datapath refuses this, see the table).</summary>
    ZeroStats = 1 << 2,

    /// <summary>The caller is probing datapath features: failures are expected and not worth logging.</summary>
    Probe = 1 << 3,
}
