// Upstream: dpctl_parse_actions() in lib/dpctl.c (OVS 3.1), an undocumented command for tests.
// parse-actions: reads each argument as datapath actions and prints them back as dump-flows would.
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
}
