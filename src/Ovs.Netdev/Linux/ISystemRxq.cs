// Upstream: none (the receive-queue role shared by the two AF_PACKET readers of a system device)
namespace Ovs.Netdev.Linux;

/// <summary>A system device's receive queue, whichever way it reads.</summary>
internal interface ISystemRxq : INetdevRxq
{
    /// <summary>Frames the kernel dropped on this socket since the last call (PACKET_STATISTICS resets them).</summary>
    long CollectSocketDrops();

    /// <summary>True when frames arrive with a virtio-net header (receive offload state is known).</summary>
    bool VnetHeader { get; }
}
