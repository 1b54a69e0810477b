// Upstream: the dummy, dummy-internal and dummy-pmd classes registered by netdev_dummy_register() in
// lib/netdev-dummy.c (OVS 3.1)
namespace Ovs.Netdev.Dummy;

/// <summary>
/// Creates in-memory devices for tests. The datapath sees them as ordinary devices; packets enter through
/// <see cref="DummyNetdev.Inject"/> (what netdev-dummy/receive calls) and leave into tx_pcap files or a stream.
/// </summary>
internal sealed class DummyProvider(string type = "dummy", TimeProvider? time = null) : INetdevProvider
{
    // Upstream numbers dummy devices from 0xaa550000 on and uses that number as the low four bytes of the MAC, so
    // the first dummy device is aa:55:aa:55:00:00. The counter is process-wide as upstream's is.
    private static int s_nextNumber = unchecked((int)0xaa550000);

    public string Type { get; } = type;

    /// <summary>dummy-pmd devices are polled by PMD threads and honour n_rxq/n_txq.</summary>
    public bool IsPmd => Type == "dummy-pmd";

    /// <summary>
    /// Services the stream connections of every open dummy device (upstream's netdev_dummy_run). The control loop
    /// calls it periodically; a few milliseconds between calls keeps the connections responsive.
    /// </summary>
    public static void RunAll(NetdevRegistry registry, long nowMilliseconds)
    {
        foreach (INetdev netdev in registry.OpenDevices)
        {
            (netdev as DummyNetdev)?.Run(nowMilliseconds);
        }
    }

    public int Open(NetdevRegistry registry, string name, out INetdev? netdev)
    {
        uint number = (uint)(Interlocked.Increment(ref s_nextNumber) - 1);
        netdev = new DummyNetdev(registry, name, Type, number, IsPmd, time ?? TimeProvider.System);
        return 0;
    }
}
