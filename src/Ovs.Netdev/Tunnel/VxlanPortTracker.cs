// Upstream: global_cfg_tracker of struct vport_class with update_vxlan_global_cfg() and
// is_concomitant_vxlan_tunnel_present() in lib/netdev-vport.c (OVS 3.1)
//
// VXLAN with the Group Based Policy extension and plain VXLAN cannot share a UDP port. Every open vxlan device
// (including the datapath's "vxlan_sys_N" ones) counts once for its (dst_port, gbp) pair, and a device may only
// move to a pair whose opposite (same port, other gbp setting) nobody uses, or, when it keeps its port, only
// when it is the last device left on its old setting.
// Thread-safety: a lock guards the counts; devices are configured from the control thread.
namespace Ovs.Netdev.Tunnel;

internal sealed class VxlanPortTracker
{
    private const ushort VxlanDefaultPort = 4789;

    private readonly Lock _lock = new();
    private readonly Dictionary<(ushort Port, bool Gbp), int> _counts = [];

    public int Count(ushort port, bool gbp)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault((port, gbp));
        }
    }

    /// <summary>Moves one device from <paramref name="old"/>'s pair to <paramref name="updated"/>'s (either may be null).</summary>
    public void Update(TunnelConfig? old, TunnelConfig? updated)
    {
        if (old is not null && updated is not null && old.DstPort == updated.DstPort && old.Gbp == updated.Gbp && old.Gpe == updated.Gpe)
        {
            return;
        }

        lock (_lock)
        {
            if (old is not null && _counts.TryGetValue((old.DstPort, old.Gbp), out int count))
            {
                if (count > 1)
                {
                    _counts[(old.DstPort, old.Gbp)] = count - 1;
                }
                else
                {
                    _counts.Remove((old.DstPort, old.Gbp));
                }
            }

            if (updated is not null)
            {
                _counts[(updated.DstPort, updated.Gbp)] = _counts.GetValueOrDefault((updated.DstPort, updated.Gbp)) + 1;
            }
        }
    }

    /// <summary>True when a device configured as <paramref name="current"/> may not take <paramref name="wanted"/>.</summary>
    public bool Conflicts(TunnelConfig current, TunnelConfig wanted)
    {
        if (current.DstPort == wanted.DstPort && current.Gbp == wanted.Gbp)
        {
            // Unchanged; on the default port (where every device starts) only if the other setting is not in use.
            return current.DstPort == VxlanDefaultPort && Count(wanted.DstPort, !wanted.Gbp) > 0;
        }

        if (current.DstPort == wanted.DstPort)
        {
            // Same port, other setting: only when nobody else stays on the old one.
            return Count(current.DstPort, current.Gbp) > 1;
        }

        // Another port: only if nobody uses it with the other setting.
        return Count(wanted.DstPort, !wanted.Gbp) > 0;
    }
}
