// Upstream: dp_register_provider(), dp_enumerate_types(), dpif_parse_name() and dpif_open()/dpif_create() in
// lib/dpif.c (OVS 3.1).
// Datapath providers by type name ("netdev", "dummy", "system"). A datapath is named "type@name"; a name without
// "@" is of type "system". Registration is expected at start-up (and in tests); lookups may happen from any thread.
using System.Collections.Concurrent;

namespace Ovs.Dpif;

internal sealed class DpifRegistry
{
    /// <summary>errno values returned by the registry, as upstream uses them.</summary>
    public const int Eexist = 17;
    public const int Eafnosupport = 97;

    private readonly ConcurrentDictionary<string, IDpifProvider> _providers = new(StringComparer.Ordinal);

    /// <summary>The registry used by the programs; tests make their own.</summary>
    public static DpifRegistry Shared { get; } = new();

    /// <summary>EEXIST when a provider of that type is already registered.</summary>
    public int Register(IDpifProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return _providers.TryAdd(provider.Type, provider) ? 0 : Eexist;
    }

    public bool Unregister(string type) => _providers.TryRemove(type, out _);

    public bool TryGetProvider(string type, out IDpifProvider? provider) => _providers.TryGetValue(type, out provider);

    /// <summary>Registered types in sorted order (dp_enumerate_types).</summary>
    public IReadOnlyList<string> Types
    {
        get
        {
            var types = _providers.Keys.ToList();
            types.Sort(StringComparer.Ordinal);
            return types;
        }
    }

    /// <summary>dpif_parse_name: "type@name" → (type, name); no "@" means type "system".</summary>
    public static (string Type, string Name) ParseName(string datapathName)
    {
        ArgumentNullException.ThrowIfNull(datapathName);
        int at = datapathName.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? ("system", datapathName) : (datapathName[..at], datapathName[(at + 1)..]);
    }

    /// <summary>Opens "type@name"; EAFNOSUPPORT for an unknown type, else whatever the provider returns.</summary>
    public int Open(string datapathName, bool create, out IDpif? dpif)
    {
        (string type, string name) = ParseName(datapathName);
        if (!_providers.TryGetValue(type, out IDpifProvider? provider))
        {
            dpif = null;
            return Eafnosupport;
        }

        return provider.Open(name, create, out dpif);
    }
}
