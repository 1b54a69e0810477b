// Upstream: enum netdev_flags in include/openvswitch/netdev.h (OVS 3.1)
namespace Ovs.Netdev;

[Flags]
internal enum NetdevFlags
{
    None = 0,

    /// <summary>Administratively up.</summary>
    Up = 0x0001,

    /// <summary>Receives every frame, not only those addressed to it.</summary>
    Promisc = 0x0002,

    /// <summary>A loopback device.</summary>
    Loopback = 0x0004,
}
