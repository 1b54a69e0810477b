// Upstream: dpif_netdev_class, dpif_dummy_register() and dpif_netdev_enumerate() in lib/dpif-netdev.c (OVS 3.1).
// The userspace datapath as a dpif provider. Type "netdev" opens real netdevs (system, tap...); type "dummy" is the
// same datapath, as upstream's dummy class, with dummy-internal local ports and predictable port numbers, so tests run
// the real forwarding code on dummy ports.
using Ovs.Common.Collections;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;

namespace Ovs.Dpif.Netdev;

internal sealed class DpifNetdevProvider : IDpifProvider
{
    public const string NetdevType = "netdev";
    public const string DummyType = "dummy";

    private readonly NetdevRegistry _netdevs;
    private readonly DpNetdevCatalog _catalog;
    private readonly DpNetdevOptions _options;

    public DpifNetdevProvider(string type, NetdevRegistry netdevs, DpNetdevCatalog catalog, DpNetdevOptions? options = null)
    {
        Type = type;
        _netdevs = netdevs;
        _catalog = catalog;
        _options = options ?? new DpNetdevOptions();
    }

    public string Type { get; }

    /// <summary>
    /// Registers the "netdev" and "dummy" types with <paramref name="dpifs"/>, over one catalog, and makes sure the
    /// netdev types the dummy datapath opens (dummy-internal, dummy-pmd) exist. Returns the first registration error.
    /// </summary>
    public static int RegisterAll(DpifRegistry dpifs, NetdevRegistry netdevs, DpNetdevCatalog catalog, DpNetdevOptions? options = null)
    {
        foreach (string dummyType in (ReadOnlySpan<string>)["dummy-internal", DpNetdevPort.PmdNetdevType])
        {
            if (!netdevs.IsTypeRegistered(dummyType))
            {
                netdevs.Register(new DummyProvider(dummyType));
            }
        }

        int error = dpifs.Register(new DpifNetdevProvider(NetdevType, netdevs, catalog, options));
        int dummyError = dpifs.Register(new DpifNetdevProvider(DummyType, netdevs, catalog, options));
        return error != 0 ? error : dummyError;
    }

    public int Open(string name, bool create, out IDpif? dpif)
    {
        int error = _catalog.Open(name, Type, create, Create, out DpNetdev? dp);
        dpif = error == 0 ? new DpifNetdev(dp!, _catalog) : null;
        return error;

        (int, DpNetdev?) Create()
        {
            int e = DpNetdev.Create(name, Type, _netdevs, _options, out DpNetdev? created);
            return (e, created);
        }
    }

    public string PortOpenType(string type) => DpNetdev.OpenType(Type != NetdevType, type);

    public IReadOnlyList<string> EnumerateNames()
    {
        // Upstream walks one string-keyed map of every userspace datapath, whatever its type, in hash order.
        IReadOnlyList<DpNetdev> all = _catalog.All;
        var types = all.ToDictionary(dp => dp.Name, dp => dp.DpifType, StringComparer.Ordinal);
        return OvsHash.StringMapOrder(all.Select(dp => dp.Name)).Where(name => types[name] == Type).ToList();
    }
}
