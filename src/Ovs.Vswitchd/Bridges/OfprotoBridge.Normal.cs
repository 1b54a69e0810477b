// Upstream: vswitchd/bridge.c, port_configure() (the VLAN part of struct ofproto_bundle_settings) and
// bridge_configure_mac_table(), bridge_configure_forward_bpdu() (OVS 3.1), behaviour only.
//
// What the NORMAL action needs from the database: each Port row becomes a bundle of its interfaces' OpenFlow ports
// with the row's VLAN configuration (tag, trunks, cvlans, vlan_mode, other_config:priority-tags and qinq-ethtype);
// the Bridge row's other_config gives the MAC table's aging time and size and whether reserved multicast
// (BPDUs) is forwarded.
using System.Globalization;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.L2;

namespace Ovs.Vswitchd.Bridges;

internal sealed partial class OfprotoBridge
{
    private void ConfigureNormal(BridgeConfig config)
    {
        var bundles = new List<XlateBundle>(config.Ports.Count);
        foreach (PortConfig port in config.Ports)
        {
            var ofPorts = new List<ushort>(port.Interfaces.Count);
            foreach (InterfaceConfig iface in port.Interfaces)
            {
                if (_ifaces.TryGetValue(iface.Name, out Iface? created))
                {
                    ofPorts.Add(created.OfpPort);
                }
            }

            bundles.Add(XlateBundle.FromColumns(port.Name, port.Tag, port.Trunks, port.Cvlans, port.VlanMode, port.OtherConfig, ofPorts));
        }

        _ofproto.Normal.SetBundles(bundles);
        _ofproto.Normal.Configure(
            OtherConfigInt(config, "mac-aging-time", MacLearningTable.DefaultIdleTime),
            OtherConfigInt(config, "mac-table-size", MacLearningTable.DefaultMaxEntries),
            config.OtherConfig.GetValueOrDefault("forward-bpdu") == "true");
    }

    /// <summary>smap_get_int(): the integer value of a key, or the default when absent or not a number.</summary>
    private static int OtherConfigInt(BridgeConfig config, string key, int defaultValue) =>
        config.OtherConfig.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value : defaultValue;
}
