// Upstream: vswitchd/bridge.c's bridge_create() with ofproto/ofproto.c's ofproto_create() and
// ofproto_enumerate_types(), and lib/netdev.c's netdev_enumerate_types() (OVS 3.1)
//
// The provider ovs-vswitchd runs with: a bridge is an Ofproto over the shared datapath of its type. The datapath
// types are those of the datapath registry, the interface types those of the device registry, so the Open_vSwitch
// row advertises exactly what can be created. An unknown datapath type fails as upstream's ofproto does (two
// ofproto|WARN lines and EAFNOSUPPORT).
// Threading: main loop only.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Ofproto.Core;

namespace Ovs.Vswitchd.Bridges;

internal sealed class OfprotoBridgeProvider(OfprotoContext context) : IBridgeProvider
{
    private static readonly VlogModule s_log = VlogModule.Get("ofproto");

    public OfprotoContext Context => context;

    /// <summary>
    /// Whether the daemon confines itself (no --no-self-confinement): Unix socket controllers must then stay in
    /// $OVS_RUNDIR, as upstream's.
    /// </summary>
    public bool SelfConfine { get; init; } = true;

    public IReadOnlyList<string> DatapathTypes => context.DatapathTypes;

    public IReadOnlyList<string> InterfaceTypes => context.InterfaceTypes;

    public ulong ChangeSeq => context.Netdevs.ConnectivitySeq;

    /// <summary>
    /// other_config:bundle-idle-timeout (seconds; absent, invalid or 0 for the default), and flow-limit and max-idle
    /// for every datapath's revalidator.
    /// </summary>
    public void ConfigureGlobal(IReadOnlyDictionary<string, string> otherConfig)
    {
        context.UpcallSettings.Configure(otherConfig);
        uint seconds = otherConfig.TryGetValue("bundle-idle-timeout", out string? text)
            && uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint parsed) ? parsed : 0;
        Ovs.Ofproto.Connmgr.BundleHandlers.SetIdleTimeout(seconds);
    }

    public void ConfigureDatapaths(IReadOnlyDictionary<string, string> otherConfig)
    {
        foreach (DpifBacker backer in context.Backers.Values)
        {
            backer.Dpif.SetConfig(otherConfig);
        }
    }

    public void RunDatapaths()
    {
        foreach (DpifBacker backer in context.Backers.Values)
        {
            backer.Dpif.Run();
        }
    }

    public int TryCreate(BridgeConfig config, out IBridge? bridge)
    {
        bridge = null;
        string type = config.NormalizedDatapathType;
        if (!context.Datapaths.TryGetProvider(type, out _))
        {
            s_log.Warn($"unknown datapath type {type}");
            s_log.Warn($"could not create datapath {config.Name} of unknown type {type}");
            return OvsErrno.EAFNOSUPPORT;
        }

        int error = Ofproto.Core.Ofproto.Create(config.Name, type, context, out Ofproto.Core.Ofproto? ofproto);
        if (error != 0 || ofproto is null)
        {
            return error != 0 ? error : OvsErrno.EAFNOSUPPORT;
        }

        bridge = new OfprotoBridge(ofproto, context, SelfConfine);
        return 0;
    }
}
