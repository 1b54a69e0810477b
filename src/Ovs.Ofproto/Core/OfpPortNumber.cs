// Upstream: the OFPP_* reserved port numbers of include/openflow/openflow-1.0.h and ofproto_init_max_ports() in
// ofproto/ofproto.c (OVS 3.1)
//
// OpenFlow port numbers as ofproto uses them internally: 16 bits, as OpenFlow 1.0 numbers them (1.1+ numbers map
// 0xffffff00.. onto 0xff00..). Numbers from Max on are reserved; the bridge's own port is Local.
namespace Ovs.Ofproto.Core;

internal static class OfpPortNumber
{
    /// <summary>OFPP_MAX: the first reserved number; ofproto-dpif allows ports below it.</summary>
    public const ushort Max = 0xff00;

    /// <summary>OFPP_LOCAL: the bridge's local (internal) port, named like the bridge.</summary>
    public const ushort Local = 0xfffe;

    /// <summary>OFPP_NONE: no port.</summary>
    public const ushort None = 0xffff;

    /// <summary>Automatically assigned numbers stay in the lower half, leaving the rest to controllers.</summary>
    public const ushort AutomaticLimit = 32768;
}
