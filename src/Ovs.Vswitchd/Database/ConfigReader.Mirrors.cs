// Upstream: vswitchd/bridge.c, bridge_configure_mirrors() and mirror_configure(), the columns they read (OVS 3.1).
// The Mirror rows a Bridge row's mirrors column names, with their port references resolved to port names.
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;
using Ovs.Vswitchd.Bridges;

namespace Ovs.Vswitchd.Database;

internal static partial class ConfigReader
{
    private static List<MirrorConfig> ReadMirrors(OvsdbIdl idl, Datum column)
    {
        var list = new List<MirrorConfig>();
        foreach (IdlRow row in Refs(idl, "Mirror", column))
        {
            Datum selectAll = row.Get("select_all");
            list.Add(new MirrorConfig(row.Uuid, String(row.Get("name")))
            {
                SelectAll = selectAll.Count > 0 && selectAll.Keys[0].AsBoolean,
                SelectSrcPorts = PortNames(idl, row.Get("select_src_port")),
                SelectDstPorts = PortNames(idl, row.Get("select_dst_port")),
                SelectVlans = Integers(row.Get("select_vlan")),
                OutputPort = PortNames(idl, row.Get("output_port")).FirstOrDefault(),
                OutputVlan = OptionalInteger(row.Get("output_vlan")),
                Snaplen = OptionalInteger(row.Get("snaplen")),
            });
        }

        return list;
    }

    private static List<string> PortNames(OvsdbIdl idl, Datum refs)
    {
        var names = new List<string>();
        foreach (IdlRow port in Refs(idl, "Port", refs))
        {
            names.Add(String(port.Get("name")));
        }

        return names;
    }
}
