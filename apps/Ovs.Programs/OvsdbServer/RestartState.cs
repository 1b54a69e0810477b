// Upstream: ovsdb/ovsdb-server.c, save_config() and load_config() (OVS 3.1)
//
// What a daemon restarted by --monitor inherits from its predecessor: the configured remotes, kept in the
// monitor's restart-state file (Daemon.SaveRestartState) as {"remotes":[...]} and rewritten whenever they change.
// Databases added or removed at run time are not carried over yet.
using Ovs.Common.Hosting;
using Ovs.Json;

namespace Ovs.Programs.OvsdbServer;

internal static class RestartState
{
    /// <summary>The remotes the previous daemon had, or null when there is no saved state to restart from.</summary>
    public static List<string>? LoadRemotes()
    {
        if (Daemon.LoadRestartState() is not { } text
            || !JsonParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out JsonValue? json, out _)
            || json is not JsonObject state || state["remotes"] is not JsonArray list)
        {
            return null;
        }

        var remotes = new List<string>();
        foreach (JsonValue item in list)
        {
            if (item is JsonString s)
            {
                remotes.Add(s.Value);
            }
        }

        return remotes;
    }

    public static void SaveRemotes(IEnumerable<string> remotes)
    {
        var list = new JsonArray();
        foreach (string remote in remotes)
        {
            list.Add(remote);
        }

        Daemon.SaveRestartState(new JsonObject { { "remotes", list } }.ToString());
    }
}
