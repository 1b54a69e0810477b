// Upstream: odp_execute_action_set(), odp_execute_action_get_info() in lib/odp-execute-private.c and the
// "odp-execute/action-impl-set" / "odp-execute/action-impl-show" handlers in lib/odp-execute.c (OVS 3.1).
// The choice of action implementation that ovs-vswitchd reports and lets an administrator change. Like Debian's
// build of OVS 3.1 (no AVX512 variant), there are two: "scalar", the executor in this folder, and "autovalidator",
// which runs every other implementation and compares it with scalar; with scalar the only one, it executes exactly as
// scalar does. The texts are the ones the unixctl commands reply with; the daemon registers the commands (this layer
// has no unixctl) and calls these methods from its main loop.
//
// Thread-safety: the active index is read and written with volatile semantics; datapath threads may read it.
using System.Text;
using Ovs.Common.Logging;

namespace Ovs.Dpif.Netdev.Execute;

internal sealed class OdpExecuteImplementations
{
    private static readonly VlogModule s_log = VlogModule.Get("odp_execute");
    private static readonly VlogModule s_implLog = VlogModule.Get("odp_execute_impl");
    private static readonly string[] s_names = ["scalar", "autovalidator"];

    private int _active;

    public string ActiveName => s_names[Volatile.Read(ref _active)];

    /// <summary>The reply of odp-execute/action-impl-show.</summary>
    public string Show()
    {
        var s = new StringBuilder("Available Actions implementations:\n");
        int active = Volatile.Read(ref _active);
        for (int i = 0; i < s_names.Length; i++)
        {
            s.Append("  ").Append(s_names[i]).Append(" (available: Yes, active: ").Append(i == active ? "Yes" : "No").Append(")\n");
        }

        return s.ToString();
    }

    /// <summary>odp-execute/action-impl-set NAME: true with the success reply, or false with the error reply.</summary>
    public bool TrySet(string name, out string reply)
    {
        int index = Array.IndexOf(s_names, name);
        if (index < 0)
        {
            s_log.Err($"Failed setting action implementation to {name}");
            reply = $"Error: unknown action implementation, {name}, specified!";
            return false;
        }

        if (index != Volatile.Read(ref _active))
        {
            Volatile.Write(ref _active, index);
            s_implLog.Info($"Action implementation set to {name}");
        }

        reply = $"Action implementation set to {name}.";
        return true;
    }
}
