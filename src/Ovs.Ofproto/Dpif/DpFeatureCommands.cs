// Upstream: ofproto_unixctl_dpif_set_dp_features(), ofproto_unixctl_dpif_show_dp_features(), dpif_set_support()
// and display_support_field() of ofproto/ofproto-dpif.c (OVS 3.1)
//
// dpif/set-dp-features BRIDGE [FEATURE [true|false]] and dpif/show-dp-features BRIDGE: the run-time support
// flags of a bridge's datapath, which translation honours. Only the features that translation here depends on are
// known (masked set actions, tunnel push/pop, recirculation, check_pkt_len, explicit drops); the datapath supports
// all of them at boot, so they can be turned off and on again. A change flushes the datapath's flows, so that
// packets are translated again.
// Threading: main loop.
using System.Text;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Transport.Unixctl;

namespace Ovs.Ofproto.Dpif;

internal static class DpFeatureCommands
{
    private static readonly Feature[] s_features =
    [
        new("masked_set_action", "Masked set action", s => s.MaskedSet, (s, v) => s with { MaskedSet = v }),
        new("tnl_push_pop", "Tunnel push pop", s => s.TunnelPushPop, (s, v) => s with { TunnelPushPop = v }),
        new("check_pkt_len", "Check pkt length action", s => s.CheckPktLen, (s, v) => s with { CheckPktLen = v }),
        new("explicit_drop_action", "Explicit Drop action", s => s.ExplicitDrop, (s, v) => s with { ExplicitDrop = v }),
        new("recirc", "Recirc", s => s.Recirc, (s, v) => s with { Recirc = v }),
    ];

    public static void Register(UnixctlCommands commands, OfprotoContext context)
    {
        commands.Register("dpif/show-dp-features", "bridge", 1, 1, (c, a) => Run(c, context, [a[0]]));
        commands.Register("dpif/set-dp-features", "bridge", 1, 3, (c, a) => Run(c, context, a));
    }

    private static void Run(UnixctlConnection connection, OfprotoContext context, IReadOnlyList<string> args)
    {
        if (!context.Switches.TryGetValue(args[0], out Core.Ofproto? ofproto))
        {
            connection.ReplyError("no such bridge");
            return;
        }

        var s = new StringBuilder();
        DpifBacker backer = ofproto.Backer;
        if (Set(backer, args.Count > 1 ? args[1] : null, args.Count > 2 ? args[2] : null, s))
        {
            backer.Upcalls.Invalidate();
        }

        connection.Reply(s.ToString());
    }

    /// <summary>dpif_set_support(): shows or sets one feature (all without a name); true when a value was set.</summary>
    internal static bool Set(DpifBacker backer, string? name, string? value, StringBuilder s)
    {
        if (name is null)
        {
            foreach (Feature f in s_features)
            {
                Display(f, backer, s);
            }

            return false;
        }

        Feature? feature = Array.Find(s_features, f => f.Name == name);
        if (feature is null)
        {
            s.Append("Unexpected support field");
            return false;
        }

        if (value is null)
        {
            Display(feature, backer, s);
            return false;
        }

        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            if (!feature.Get(backer.BootSupport))
            {
                s.Append("Can not enable features not supported by the datapth");
                return false;
            }

            backer.Support = feature.With(backer.Support, true);
            return true;
        }

        if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            backer.Support = feature.With(backer.Support, false);
            return true;
        }

        s.Append("Boolean value expected");
        return false;
    }

    private static void Display(Feature f, DpifBacker backer, StringBuilder s) =>
        s.Append(f.Name).Append(" (").Append(f.Title).Append(") : [run time]:").Append(f.Get(backer.Support) ? "true" : "false")
            .Append(", [boot time]:").Append(f.Get(backer.BootSupport) ? "true" : "false").Append('\n');

    private sealed record Feature(string Name, string Title, Func<XlateSupport, bool> Get, Func<XlateSupport, bool, XlateSupport> With);
}
