// Upstream: the dp_netdevs table of lib/dpif-netdev.c (OVS 3.1).
// The userspace datapaths of a process by name. The "netdev" and "dummy" providers share one catalog, so a name is
// taken by one datapath whatever its type, as upstream keeps one table for both classes; the dpif-netdev/* unixctl
// commands look datapaths up here. Thread-safe.
namespace Ovs.Dpif.Netdev;

internal sealed class DpNetdevCatalog
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, DpNetdev> _datapaths = new(StringComparer.Ordinal);

    /// <summary>The catalog the programs use; tests make their own.</summary>
    public static DpNetdevCatalog Shared { get; } = new();

    public DpNetdev? Find(string name)
    {
        lock (_lock)
        {
            return _datapaths.GetValueOrDefault(name);
        }
    }

    /// <summary>Every datapath, in name order.</summary>
    public IReadOnlyList<DpNetdev> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _datapaths.Values];
            }
        }
    }

    /// <summary>
    /// Finds or creates the datapath for dpif_netdev_open: ENODEV when absent and not creating, EEXIST when creating
    /// one that exists, EINVAL when the name is taken by a datapath of the other type.
    /// </summary>
    public int Open(string name, string dpifType, bool create, Func<(int Error, DpNetdev? Dp)> factory, out DpNetdev? dp)
    {
        lock (_lock)
        {
            if (_datapaths.TryGetValue(name, out dp))
            {
                if (dp.DpifType != dpifType)
                {
                    dp = null;
                    return Common.OvsErrno.EINVAL;
                }

                if (create)
                {
                    dp = null;
                    return Common.OvsErrno.EEXIST;
                }

                return 0;
            }

            if (!create)
            {
                return Common.OvsErrno.ENODEV;
            }

            (int error, dp) = factory();
            if (error == 0)
            {
                _datapaths.Add(name, dp!);
            }

            return error;
        }
    }

    public void Remove(DpNetdev dp)
    {
        lock (_lock)
        {
            if (_datapaths.TryGetValue(dp.Name, out DpNetdev? current) && ReferenceEquals(current, dp))
            {
                _datapaths.Remove(dp.Name);
            }
        }
    }
}
