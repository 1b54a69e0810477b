// Upstream: the "tap" class of lib/netdev-linux.c, which the userspace datapath also uses for "internal" ports
// (dpif_netdev_port_open_type) (OVS 3.1)
namespace Ovs.Netdev.Linux;

/// <summary>
/// Creates TAP devices through /dev/net/tun. Type "internal" is the same device under another name: the host
/// stack sees a bridge's internal port as an ordinary interface, and the datapath reads and writes its frames.
/// The device lives in the network namespace of the thread that opens it and disappears when it is closed.
/// </summary>
internal sealed class TapProvider(string type, int packetRoom = PacketBuffers.PacketRoom) : INetdevProvider
{
    public string Type { get; } = type;

    public int Open(NetdevRegistry registry, string name, out INetdev? netdev)
    {
        int error = TapNetdev.Create(registry, name, Type, packetRoom, out TapNetdev? tap);
        netdev = tap;
        return error;
    }
}
