// Upstream: "dpif/show" (ofproto_unixctl_dpif_show(), dpif_show_backer()) in ofproto/ofproto-dpif.c and
// "ofproto/list-tunnels" (tnl_unixctl_list()) in ofproto/tunnel.c (OVS 3.1)
//
// dpif/show: every datapath (backer) by type, its hit and miss counts, and under it each bridge with its ports
// sorted by name: "NAME OFPORT/ODPPORT: (TYPE: KEY=VALUE, ...)", the datapath port being "none" for ports that live
// outside the datapath (patch ports) and a tunnel's the shared port of its type; the options are the device's own
// view of its configuration, sorted by key.
// ofproto/list-tunnels: the tunnel ports of every datapath and what identifies their packets; tnl/ports/show
// (lib/tnl-ports.c): the datapath ports the tunnels listen on.
// Handlers run on the main loop.
using System.Globalization;
using System.Text;
using Ovs.Dpif;
using Ovs.Ofproto.Core;
using Ovs.Transport.Unixctl;

namespace Ovs.Ofproto.Unixctl;

internal static class DpifShowCommands
{
    public static void Register(UnixctlCommands commands, OfprotoContext context)
    {
        ArgumentNullException.ThrowIfNull(commands);
        commands.Register("dpif/show", string.Empty, 0, 0, (connection, _) => connection.Reply(Show(context)));
        commands.Register("ofproto/list-tunnels", string.Empty, 0, 0, (connection, _) => connection.Reply(ListTunnels(context)));
        commands.Register("tnl/ports/show", "-v", 0, 1, (connection, args) =>
        {
            if (args.Length > 0 && args[0].Equals("-v", StringComparison.OrdinalIgnoreCase))
            {
                // The classifier view of the listening ports is not kept here.
                connection.ReplyError("tnl/ports/show -v is not supported");
                return;
            }

            connection.Reply(ListeningPorts(context));
        });
    }

    public static string Show(OfprotoContext context)
    {
        var sb = new StringBuilder();
        foreach (DpifBacker backer in Backers(context))
        {
            DpifDpStats stats = backer.Dpif.GetStats();
            sb.Append(CultureInfo.InvariantCulture, $"{backer.FullName}: hit:{stats.Hit} missed:{stats.Missed}\n");
            foreach (Core.Ofproto ofproto in backer.Bridges)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {ofproto.Name}:\n");
                foreach (OfprotoPort port in ofproto.Ports.OrderBy(static p => p.Name, StringComparer.Ordinal))
                {
                    string odp = port.OdpPort is uint n ? n.ToString(CultureInfo.InvariantCulture) : "none";
                    sb.Append(CultureInfo.InvariantCulture, $"    {port.Name} {port.OfpPort}/{odp}: ({port.Netdev.Type}");
                    char separator = ':';
                    foreach ((string key, string value) in port.Netdev.GetConfig().OrderBy(static p => p.Key, StringComparer.Ordinal))
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"{separator} {key}={value}");
                        separator = ',';
                    }

                    sb.Append(")\n");
                }
            }
        }

        return sb.ToString();
    }

    public static string ListTunnels(OfprotoContext context)
    {
        var sb = new StringBuilder();
        foreach (DpifBacker backer in Backers(context))
        {
            backer.TunnelPorts.Format(sb);
        }

        return sb.ToString();
    }

    /// <summary>tnl/ports/show: the datapath ports that receive tunnel packets.</summary>
    public static string ListeningPorts(OfprotoContext context)
    {
        var sb = new StringBuilder("Listening ports:\n");
        foreach (DpifBacker backer in Backers(context))
        {
            backer.TunnelPorts.FormatListening(sb);
        }

        return sb.ToString();
    }

    private static IEnumerable<DpifBacker> Backers(OfprotoContext context) =>
        context.Backers.OrderBy(static b => b.Key, StringComparer.Ordinal).Select(static b => b.Value);
}
