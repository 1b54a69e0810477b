// Upstream: netdev_register_provider(), netdev_open(), netdev_close() and netdev_from_name() in lib/netdev.c
// (OVS 3.1)
//
// Providers by type, and the devices currently open by name. Opening a name that is already open returns the same
// device (with one more reference) when the type agrees and EEXIST when it does not, so the bridge and the
// datapath share one object per device. An empty type means "system", as in the Interface table. The registry also
// owns the connectivity sequence: every device change bumps it, so a control loop can wait on one number.
//
// Thread-safety: all members may be called from any thread; a lock guards the tables. Device operations are not
// serialised by the registry.
namespace Ovs.Netdev;

internal sealed class NetdevRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, INetdevProvider> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _open = new(StringComparer.Ordinal);
    private long _connectivitySeq;

    /// <summary>A registry with the built-in providers: dummy, system, tap, internal, patch and the tunnel types.</summary>
    public static NetdevRegistry CreateDefault()
    {
        var registry = new NetdevRegistry();
        registry.Register(new Dummy.DummyProvider());
        registry.Register(new Linux.SystemProvider());
        registry.Register(new Linux.TapProvider("tap"));
        registry.Register(new Linux.TapProvider("internal"));
        registry.Register(new Patch.PatchProvider());
        Tunnel.TunnelProvider.RegisterAll(registry);
        return registry;
    }

    /// <summary>Increases whenever any device's state changes (upstream's global connectivity seq).</summary>
    public ulong ConnectivitySeq => (ulong)Interlocked.Read(ref _connectivitySeq);

    internal void NotifyChanged() => Interlocked.Increment(ref _connectivitySeq);

    /// <summary>Adds a provider; returns EEXIST when its type is taken.</summary>
    public int Register(INetdevProvider provider)
    {
        lock (_lock)
        {
            return _providers.TryAdd(provider.Type, provider) ? 0 : Common.OvsErrno.EEXIST;
        }
    }

    /// <summary>Removes a provider; EBUSY while devices of its type are open, EAFNOSUPPORT when unknown.</summary>
    public int Unregister(string type)
    {
        lock (_lock)
        {
            foreach (Entry e in _open.Values)
            {
                if (e.Netdev.Type == type)
                {
                    return Common.OvsErrno.EBUSY;
                }
            }

            return _providers.Remove(type) ? 0 : Common.OvsErrno.EAFNOSUPPORT;
        }
    }

    public IReadOnlyList<string> Types
    {
        get
        {
            lock (_lock)
            {
                var types = new List<string>(_providers.Keys);
                types.Sort(StringComparer.Ordinal);
                return types;
            }
        }
    }

    public bool IsTypeRegistered(string type)
    {
        lock (_lock)
        {
            return _providers.ContainsKey(type.Length == 0 ? "system" : type);
        }
    }

    /// <summary>
    /// Opens <paramref name="name"/> with <paramref name="type"/> (empty means "system"). Returns 0, EAFNOSUPPORT for
    /// an unknown type, EEXIST when the name is open with another type, or the provider's errno.
    /// </summary>
    public int Open(string name, string type, out INetdev? netdev)
    {
        netdev = null;
        string effective = type.Length == 0 ? "system" : type;
        INetdevProvider? provider;
        lock (_lock)
        {
            if (_open.TryGetValue(name, out Entry? existing))
            {
                if (existing.Netdev.Type != effective)
                {
                    return Common.OvsErrno.EEXIST;
                }

                existing.References++;
                netdev = existing.Netdev;
                return 0;
            }

            if (!_providers.TryGetValue(effective, out provider))
            {
                return Common.OvsErrno.EAFNOSUPPORT;
            }
        }

        // Providers may block (opening /dev/net/tun, creating sockets), so they run outside the lock; a racing open of
        // the same name keeps the first device and disposes the second.
        int error = provider.Open(this, name, out INetdev? created);
        if (error != 0 || created is null)
        {
            return error != 0 ? error : Common.OvsErrno.ENODEV;
        }

        lock (_lock)
        {
            if (_open.TryGetValue(name, out Entry? raced))
            {
                created.Dispose();
                if (raced.Netdev.Type != effective)
                {
                    return Common.OvsErrno.EEXIST;
                }

                raced.References++;
                netdev = raced.Netdev;
                return 0;
            }

            _open.Add(name, new Entry(created));
        }

        NotifyChanged();
        netdev = created;
        return 0;
    }

    /// <summary>Drops one reference from an open device and disposes it when that was the last.</summary>
    public void Close(INetdev netdev)
    {
        bool dispose = false;
        lock (_lock)
        {
            if (_open.TryGetValue(netdev.Name, out Entry? e) && ReferenceEquals(e.Netdev, netdev))
            {
                if (--e.References == 0)
                {
                    _open.Remove(netdev.Name);
                    dispose = true;
                }
            }
        }

        if (dispose)
        {
            netdev.Dispose();
            NotifyChanged();
        }
    }

    /// <summary>The open device called <paramref name="name"/>, or null (upstream's netdev_from_name).</summary>
    public INetdev? Find(string name)
    {
        lock (_lock)
        {
            return _open.TryGetValue(name, out Entry? e) ? e.Netdev : null;
        }
    }

    /// <summary>The open devices, sorted by name.</summary>
    public IReadOnlyList<INetdev> OpenDevices
    {
        get
        {
            lock (_lock)
            {
                var list = new List<INetdev>(_open.Count);
                foreach (Entry e in _open.Values)
                {
                    list.Add(e.Netdev);
                }

                list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                return list;
            }
        }
    }

    private sealed class Entry(INetdev netdev)
    {
        public INetdev Netdev { get; } = netdev;

        public int References { get; set; } = 1;
    }
}
