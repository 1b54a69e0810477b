// Upstream: ofproto_port_set_config() in ofproto/ofproto.c and port_set_config() in ofproto/ofproto-dpif.c (OVS 3.1)
//
// An Interface's other_config, handed to the datapath port behind an OpenFlow port (the userspace datapath reads
// pmd-rxq-affinity from it). Ports without a datapath port (patch ports) have nothing to configure.
// Threading: main loop only.
using Ovs.Common;

namespace Ovs.Ofproto.Core;

internal sealed partial class Ofproto
{
    /// <summary>Passes <paramref name="config"/> to the datapath port of <paramref name="ofpPort"/>; an errno value.</summary>
    public int SetPortConfig(ushort ofpPort, IReadOnlyDictionary<string, string> config) =>
        FindPort(ofpPort) is { OdpPort: uint odpPort } ? _backer.Dpif.PortSetConfig(odpPort, config) : OvsErrno.ENODEV;
}
