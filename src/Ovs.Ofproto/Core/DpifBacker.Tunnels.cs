// Upstream: the tnl_backers of struct dpif_backer in ofproto/ofproto-dpif.c: port_add() for tunnels, the tunnel
// garbage collection of type_run() and close_dpif_backer() (OVS 3.1)
//
// Tunnel ports do not each get a datapath port. All tunnels of one type (and, for UDP tunnels, one destination
// port) share a single datapath port, "gre_sys" or "vxlan_sys_4789", which the backer adds when the first such
// tunnel appears and deletes when the last one goes. A datapath port of that name that is already there (left by an
// earlier run, which keeps its datapath) is adopted.
// Threading: main loop only.
using Ovs.Dpif;

namespace Ovs.Ofproto.Core;

internal sealed partial class DpifBacker
{
    private readonly Dictionary<string, TunnelBacker> _tunnelBackers = new(StringComparer.Ordinal);
    private readonly List<Ofproto> _bridges = [];

    /// <summary>The tunnel ports of the bridges on this datapath, by what identifies their packets.</summary>
    public TunnelPorts TunnelPorts { get; } = new();

    /// <summary>The bridges on this datapath, sorted by name (as dpif/show lists them).</summary>
    public IReadOnlyList<Ofproto> Bridges => [.. _bridges.OrderBy(static b => b.Name, StringComparer.Ordinal)];

    /// <summary>Records that <paramref name="ofproto"/> uses this datapath (until Detach).</summary>
    public void Attach(Ofproto ofproto) => _bridges.Add(ofproto);

    public void Detach(Ofproto ofproto) => _bridges.Remove(ofproto);

    /// <summary>The shared datapath ports of the tunnels, by name, with their port numbers.</summary>
    public IEnumerable<KeyValuePair<string, uint>> TunnelBackers =>
        _tunnelBackers.Select(static p => KeyValuePair.Create(p.Key, p.Value.OdpPort));

    /// <summary>
    /// Takes a reference on the datapath port <paramref name="name"/> of tunnel <paramref name="type"/>, adding it
    /// the first time. Returns 0 and its number, or the datapath's errno.
    /// </summary>
    public int AcquireTunnelPort(string name, string type, out uint odpPort)
    {
        if (_tunnelBackers.TryGetValue(name, out TunnelBacker? existing))
        {
            existing.References++;
            odpPort = existing.OdpPort;
            return 0;
        }

        odpPort = 0;
        if (Dpif.PortQueryByName(name, out DpifPort? present) == 0 && present is not null)
        {
            odpPort = present.PortNumber;
        }
        else
        {
            uint? added = null;
            int error = Dpif.PortAdd(name, type, ref added);
            if (error != 0 || added is null)
            {
                return error;
            }

            odpPort = added.Value;
        }

        _tunnelBackers.Add(name, new TunnelBacker(odpPort));
        return 0;
    }

    /// <summary>
    /// Drops a reference on tunnel datapath port <paramref name="name"/>; the last one deletes the port from the
    /// datapath, unless <paramref name="keepInDatapath"/> (a plain exit leaves the datapath as it is).
    /// </summary>
    public void ReleaseTunnelPort(string name, bool keepInDatapath = false)
    {
        if (!_tunnelBackers.TryGetValue(name, out TunnelBacker? backer) || --backer.References > 0)
        {
            return;
        }

        _tunnelBackers.Remove(name);
        if (!keepInDatapath)
        {
            Dpif.PortDel(backer.OdpPort);
        }
    }

    private sealed class TunnelBacker(uint odpPort)
    {
        public uint OdpPort { get; } = odpPort;

        public int References { get; set; } = 1;
    }
}
