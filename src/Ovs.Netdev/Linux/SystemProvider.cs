// Upstream: the "system" class of lib/netdev-linux.c as the userspace datapath uses it (AF_PACKET) (OVS 3.1)
namespace Ovs.Netdev.Linux;

/// <summary>How a system device's receive queue reads from its AF_PACKET socket.</summary>
internal enum SystemRxMode
{
    /// <summary>A TPACKET_V2 ring shared with the kernel, falling back to recvmmsg if the ring cannot be set up.</summary>
    Ring,

    /// <summary>Batched recvmmsg calls on an ordinary AF_PACKET socket.</summary>
    RecvMmsg,
}

/// <summary>Opens existing kernel interfaces; the name is looked up in the opening thread's network namespace.</summary>
internal sealed class SystemProvider(SystemRxMode rxMode = SystemRxMode.Ring, int packetRoom = PacketBuffers.PacketRoom) : INetdevProvider
{
    public string Type => "system";

    public SystemRxMode RxMode { get; } = rxMode;

    public int Open(NetdevRegistry registry, string name, out INetdev? netdev)
    {
        int error = SystemNetdev.Create(registry, name, RxMode, packetRoom, out SystemNetdev? system);
        netdev = system;
        return error;
    }
}
