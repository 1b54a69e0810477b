// Upstream: recirc_alloc_id_ctx() and recirc_find_equal() of ofproto/ofproto-dpif-rid.c (OVS 3.1).
// Recirculation ids of frozen translations: a state equal to one already remembered gets that state's id, so the
// translations of a megaflow (its first packet, later revalidations, ofproto/trace) all recirculate with the same
// id. States are remembered as long as the controller actions' ones (the most recent MaxFrozen ids).
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Dpif.Upcall;

internal sealed partial class UpcallDispatcher
{
    private readonly Dictionary<string, uint> _frozenByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, string> _keyOfFrozen = [];

    /// <summary>The id of the remembered state whose key is <paramref name="key"/>, or a new id for <paramref name="frozen"/>.</summary>
    public uint Freeze(FrozenState frozen, string key)
    {
        lock (_frozen)
        {
            if (_frozenByKey.TryGetValue(key, out uint existing) && _frozen.ContainsKey(existing))
            {
                return existing;
            }
        }

        uint id = Freeze(frozen);
        lock (_frozen)
        {
            _frozenByKey[key] = id;
            _keyOfFrozen[id] = key;
            if (_keyOfFrozen.Count > _frozen.Count)
            {
                // Some remembered states were forgotten (MaxFrozen): forget their keys too.
                foreach (uint gone in _keyOfFrozen.Keys.Where(k => !_frozen.ContainsKey(k)).ToList())
                {
                    _frozenByKey.Remove(_keyOfFrozen[gone]);
                    _keyOfFrozen.Remove(gone);
                }
            }
        }

        return id;
    }
}
