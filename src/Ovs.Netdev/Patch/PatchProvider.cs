// Upstream: the "patch" vport class of lib/netdev-vport.c (OVS 3.1)
namespace Ovs.Netdev.Patch;

/// <summary>Creates patch devices: pairs that hand every sent packet to the peer's receive queue.</summary>
internal sealed class PatchProvider(Random? random = null) : INetdevProvider
{
    private readonly Random _random = random ?? Random.Shared;

    public string Type => "patch";

    public int Open(NetdevRegistry registry, string name, out INetdev? netdev)
    {
        Span<byte> mac = stackalloc byte[6];
        lock (_random)
        {
            _random.NextBytes(mac);
        }

        // A random locally administered unicast address, as upstream gives every vport.
        mac[0] = (byte)((mac[0] & 0xfe) | 0x02);
        netdev = new PatchNetdev(registry, name, Flow.Packets.EthAddr.Read(mac));
        return 0;
    }
}
