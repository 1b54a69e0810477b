// Upstream: the vport classes netdev_vport_tunnel_register() registers, one per tunnel type (lib/netdev-vport.c)
// (OVS 3.1)
namespace Ovs.Netdev.Tunnel;

/// <summary>Creates tunnel devices of one type; the vxlan provider also keeps the UDP port tracker its devices share.</summary>
internal sealed class TunnelProvider(TunnelKind kind, Random? random = null) : INetdevProvider
{
    private readonly Random _random = random ?? Random.Shared;
    private readonly VxlanPortTracker? _tracker = kind.IsVxlan ? new VxlanPortTracker() : null;

    public string Type => kind.Type;

    public TunnelKind Kind => kind;

    /// <summary>Registers a provider for every tunnel type.</summary>
    public static void RegisterAll(NetdevRegistry registry)
    {
        foreach (TunnelKind kind in TunnelKind.All)
        {
            registry.Register(new TunnelProvider(kind));
        }
    }

    public int Open(NetdevRegistry registry, string name, out INetdev? netdev)
    {
        Span<byte> mac = stackalloc byte[6];
        lock (_random)
        {
            _random.NextBytes(mac);
        }

        // eth_addr_random(): a locally administered unicast address.
        mac[0] = (byte)((mac[0] & 0xfe) | 0x02);
        netdev = new TunnelNetdev(registry, name, kind, Flow.Packets.EthAddr.Read(mac), _tracker);
        return 0;
    }
}
