// Upstream: ofproto/ofproto.c, ofproto_create() when no ofproto class handles the datapath type (OVS 3.1)
//
// The provider of a daemon built without an OpenFlow switch layer: it knows no datapath type and no interface
// type, so the Open_vSwitch row advertises none, and every bridge fails to be created exactly as upstream's
// ofproto fails for a datapath type nobody registered: two ofproto|WARN lines, then EAFNOSUPPORT, which the bridge
// layer reports as "failed to create bridge NAME: Address family not supported by protocol". Nothing pretends
// that a bridge exists.
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Vswitchd.Bridges;

internal sealed class UnavailableBridgeProvider : IBridgeProvider
{
    private static readonly VlogModule s_log = VlogModule.Get("ofproto");

    public IReadOnlyList<string> DatapathTypes => [];

    public IReadOnlyList<string> InterfaceTypes => [];

    public int TryCreate(BridgeConfig config, out IBridge? bridge)
    {
        bridge = null;
        string type = config.NormalizedDatapathType;
        s_log.Warn($"unknown datapath type {type}");
        s_log.Warn($"could not create datapath {config.Name} of unknown type {type}");
        return OvsErrno.EAFNOSUPPORT;
    }
}
