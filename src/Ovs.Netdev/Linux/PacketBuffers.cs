// Upstream: none (buffer sizing for the Linux receive paths)
//
// Receive paths copy each frame into a packet from a pool owned by the receive queue. A packet holds the largest
// frame a kernel device hands out with segmentation offloads (64 KiB), so MTU changes never need a new pool.
// Pool size bounds how many received packets may be in flight in the datapath at once; when it runs dry a
// receive call returns what it has and the rest waits in the kernel.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ovs.Netdev.Linux;

internal static unsafe class PacketBuffers
{
    public const int PacketRoom = 65536;
    public const int PoolSize = 128;

    /// <summary>Address of element 0 of a pinned (POH) array; stable for the array's lifetime.</summary>
    public static byte* AddressOf(byte[] pinned) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
}
