// Upstream: dpctl_parse_actions() in lib/dpctl.c (OVS 3.1), an undocumented command for tests.
// parse-actions: reads each argument as datapath actions and prints them back as dump-flows would.
// normalize-actions (upstream's per-VLAN regrouping of a flow's actions, used by its tests) is listed, as upstream
// lists it, but not implemented in this build: it says so and fails with EOPNOTSUPP.
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    public int ParseActions(string[] argv)
    {
        foreach (string text in argv.AsSpan(1))
        {
            var actions = new NlWriter(new byte[FlowBufferSize]);
            if (!OdpActionParser.Parse(text, ref actions))
            {
                Error(Einval, "odp_actions_from_string");
                return Einval;
            }

            var line = new StringBuilder();
            OdpActionFormatter.Format(line, actions.Written);
            Print(line.Append('\n').ToString());
        }

        return 0;
    }

    public int NormalizeActions(string[] argv)
    {
        Error(Unsupported, "normalize-actions is not implemented in this build");
        return Unsupported;
    }
}
