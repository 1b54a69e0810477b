// Upstream: upcall_unixctl_show(), upcall_unixctl_purge(), upcall_unixctl_wait() (revalidator/wait),
// upcall_unixctl_disable_megaflows(), upcall_unixctl_enable_megaflows() and upcall_unixctl_set_flow_limit() of
// ofproto/ofproto-dpif-upcall.c (OVS 3.1)
//
// The unixctl commands of the upcall handlers and revalidators, over every open datapath backer in type order.
// revalidator/wait and revalidator/purge run a whole round before they answer, so the counters they push are
// visible to the next command.
// Threading: the handlers run on the main loop, like the revalidator.
using System.Text;
using Ovs.Ofproto.Core;
using Ovs.Transport.Unixctl;

namespace Ovs.Ofproto.Dpif.Upcall;

internal static class UpcallCommands
{
    public static void Register(UnixctlCommands commands, OfprotoContext context)
    {
        commands.Register("upcall/show", string.Empty, 0, 0, (c, _) => c.Reply(Show(context)));
        commands.Register("revalidator/wait", string.Empty, 0, 0, (c, _) =>
        {
            ForEach(context, static u => u.Revalidate(purge: false));
            c.Reply(string.Empty);
        });
        commands.Register("revalidator/purge", string.Empty, 0, 0, (c, _) =>
        {
            ForEach(context, static u => u.Revalidate(purge: true));
            c.Reply(string.Empty);
        });
        commands.Register("upcall/disable-megaflows", string.Empty, 0, 0, (c, _) =>
        {
            SetMegaflows(context, enabled: false);
            c.Reply("megaflows disabled");
        });
        commands.Register("upcall/enable-megaflows", string.Empty, 0, 0, (c, _) =>
        {
            SetMegaflows(context, enabled: true);
            c.Reply("megaflows enabled");
        });
    }

    public static string Show(OfprotoContext context)
    {
        var s = new StringBuilder();
        foreach (DpifBacker backer in Sorted(context))
        {
            s.Append(backer.Upcalls.Show(backer.FullName));
        }

        return s.ToString();
    }

    // upstream flushes every datapath when megaflows are switched; flows then come back in the new form.
    private static void SetMegaflows(OfprotoContext context, bool enabled) => ForEach(context, u =>
    {
        u.MegaflowsEnabled = enabled;
        u.Revalidate(purge: true);
    });

    private static void ForEach(OfprotoContext context, Action<UpcallDispatcher> action)
    {
        foreach (DpifBacker backer in Sorted(context))
        {
            action(backer.Upcalls);
        }
    }

    private static List<DpifBacker> Sorted(OfprotoContext context)
    {
        var backers = new List<DpifBacker>(context.Backers.Values);
        backers.Sort(static (a, b) => string.CompareOrdinal(a.Type, b.Type));
        return backers;
    }
}
