// Upstream: vswitchd/bridge.c, bridge_configure_mirrors(), mirror_configure() and mirror_collect_ports() (OVS 3.1),
// behaviour only.
//
// The Bridge row's Mirror rows become the switch's port mirrors. A mirror selects every port (select_all) or the
// ports its select_src_port and select_dst_port columns name, optionally only packets in the VLANs of select_vlan,
// and outputs to output_port or, without one, to output_vlan; snaplen truncates the copies. A mirror with no output,
// or whose output port is not on the bridge, is left out with an error in the log.
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Vswitchd.Bridges;

internal sealed partial class OfprotoBridge
{
    private void ConfigureMirrors(BridgeConfig config)
    {
        var portNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (PortConfig port in config.Ports)
        {
            portNames.Add(port.Name);
        }

        var mirrors = new List<XlateMirror>(config.Mirrors.Count);
        foreach (MirrorConfig cfg in config.Mirrors)
        {
            if (ToMirror(cfg, portNames) is { } mirror)
            {
                mirrors.Add(mirror);
            }
        }

        foreach (string dropped in _ofproto.Mirrors.Set(mirrors))
        {
            s_log.Warn($"bridge {Name}: maximum of {XlateMirrorSet.MaxMirrors} port mirrors reached, cannot create {dropped}");
        }
    }

    public (long Packets, long Bytes)? MirrorStatistics(string name) => _ofproto.Mirrors.Statistics(name);

    /// <summary>mirror_configure(): the mirror a row asks for, or null (logged) when it cannot be made.</summary>
    private XlateMirror? ToMirror(MirrorConfig cfg, HashSet<string> portNames)
    {
        string? outBundle = null;
        int outVlan = -1;
        if (cfg.OutputPort is { } outputPort)
        {
            if (!portNames.Contains(outputPort))
            {
                s_log.Err($"bridge {Name}: mirror {cfg.Name} outputs to port not on bridge");
                return null;
            }

            outBundle = outputPort;
            if (cfg.OutputVlan is not null)
            {
                s_log.Err($"bridge {Name}: mirror {cfg.Name} specifies both output port and output vlan; ignoring output vlan");
            }
        }
        else if (cfg.OutputVlan is long vlan)
        {
            outVlan = (int)vlan;
        }
        else
        {
            s_log.Err($"bridge {Name}: mirror {cfg.Name} does not specify output; ignoring");
            return null;
        }

        IReadOnlySet<string> sources, destinations;
        if (cfg.SelectAll)
        {
            sources = destinations = portNames;
        }
        else
        {
            sources = CollectPorts(cfg, cfg.SelectSrcPorts, portNames);
            destinations = CollectPorts(cfg, cfg.SelectDstPorts, portNames);
        }

        VlanSet? vlans = cfg.SelectVlans.Count > 0 ? new VlanSet(cfg.SelectVlans) : null;
        return new XlateMirror(cfg.Name, sources, destinations, vlans, outBundle, outVlan, (int)(cfg.Snaplen ?? 0));
    }

    /// <summary>mirror_collect_ports(): the named ports that are on this bridge.</summary>
    private HashSet<string> CollectPorts(MirrorConfig cfg, IReadOnlyList<string> names, HashSet<string> portNames)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (portNames.Contains(name))
            {
                set.Add(name);
            }
            else
            {
                s_log.Warn($"bridge {Name}: mirror {cfg.Name} cannot match on port {name} because it is not in this bridge");
            }
        }

        return set;
    }
}
