// Upstream: netdev_get_carrier() in lib/netdev.c (OVS 3.1)
//
// Whether a device's link is up as the switch reports it (the Interface link_state column, OpenFlow's LINK_DOWN port
// state): a device that is administratively down has no carrier whatever the device says; otherwise the device's
// own answer, and a device that cannot tell is taken to be down.
namespace Ovs.Netdev;

internal static class NetdevCarrier
{
    public static bool IsUp(INetdev netdev)
    {
        if (netdev.UpdateFlags(NetdevFlags.None, NetdevFlags.None, out NetdevFlags flags) != 0 || (flags & NetdevFlags.Up) == 0)
        {
            return false;
        }

        return netdev.GetCarrier(out bool carrier) == 0 && carrier;
    }
}
