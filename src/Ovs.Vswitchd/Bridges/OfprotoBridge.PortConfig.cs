// Upstream: vswitchd/bridge.c, the ofproto_port_set_config() call of bridge_reconfigure() (OVS 3.1)
//
// Every interface's other_config goes to its port in the switch (and so to the datapath, which reads
// pmd-rxq-affinity from it) at each reconfiguration; the datapath acts only on what changed.
namespace Ovs.Vswitchd.Bridges;

internal sealed partial class OfprotoBridge
{
    private void ConfigurePorts(Dictionary<string, (PortConfig Port, InterfaceConfig Iface)> wanted)
    {
        foreach (Iface iface in _ifaces.Values)
        {
            if (wanted.TryGetValue(iface.Name, out (PortConfig Port, InterfaceConfig Iface) cfg))
            {
                _ofproto.SetPortConfig(iface.OfpPort, cfg.Iface.OtherConfig);
            }
        }
    }
}
