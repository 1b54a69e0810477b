// Upstream: the construct/alloc members of struct netdev_class and netdev_register_provider() (OVS 3.1)
namespace Ovs.Netdev;

/// <summary>Creates network devices of one type; registered with a <see cref="NetdevRegistry"/>.</summary>
internal interface INetdevProvider
{
    /// <summary>The Interface type column value this provider serves ("system", "tap", "dummy", ...).</summary>
    string Type { get; }

    /// <summary>Opens device <paramref name="name"/>; returns 0 or an errno (ENODEV when it does not exist).</summary>
    int Open(NetdevRegistry registry, string name, out INetdev? netdev);
}
