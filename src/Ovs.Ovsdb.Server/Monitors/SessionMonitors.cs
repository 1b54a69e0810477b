// Upstream: ovsdb/jsonrpc-server.c, the monitor half of struct ovsdb_jsonrpc_session (OVS 3.1)
//
// The monitors of one JSON-RPC session, and the notifications waiting to be sent to it.
//
// How the server uses it (the whole contract):
// - For the requests monitor, monitor_cond, monitor_cond_since, monitor_cond_change and monitor_cancel it calls
//   Monitor(...), ConditionChange(...) or Cancel(...) with the request's params and sends back the returned
//   MonitorReply as the JSON-RPC reply ("result" or "error").
// - After every commit to a database it builds one CommitUpdates for the commit
//   (EngineMonitorSource.ToCommitUpdates) and passes that same object to OnCommit of every session, so row
//   updates and whole notifications are computed and serialized once; sessions without monitors on that
//   database ignore it.
// - When a database is removed or converted it calls OnDatabaseRemoved on every session. Change-aware sessions
//   (set_db_change_aware true) get one monitor_canceled per monitor of that database; the server closes the
//   other sessions that had monitors there, as upstream does.
// - Ordering invariant (ovsdb-server(7) 4.1.5): before sending ANY reply on a session the server takes the
//   pending notifications (TakeNotifications) and sends them first. This is what makes a client see the update2
//   for its own transaction before the transact reply, and a monitor_cond_change's update2 before its reply
//   (ConditionChange queues that update2 itself).
// - Sending: MonitorNotification.WriteTo/ToString give the JSON-RPC text (reusing the shared serialization of
//   the table-updates); ToJson gives the same message as a JsonValue.
// Thread-safety: none; all calls come from the server's main loop.
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>The monitors of one session and its queue of pending notifications.</summary>
internal sealed partial class SessionMonitors
{
    private readonly List<ClientMonitor> _monitors = [];
    private readonly Dictionary<JsonValue, ClientMonitor> _byId = [];
    private List<MonitorNotification> _pending = [];

    /// <summary>The number of active monitors.</summary>
    public int Count => _monitors.Count;

    public IReadOnlyList<ClientMonitor> Monitors => _monitors;

    public bool HasPendingNotifications => _pending.Count > 0;

    /// <summary>Returns the queued notifications, oldest first, and empties the queue.</summary>
    public List<MonitorNotification> TakeNotifications()
    {
        List<MonitorNotification> taken = _pending;
        _pending = [];
        return taken;
    }

    /// <summary>Queues the notifications for one commit, one per monitor of that database with something to report.</summary>
    public void OnCommit(CommitUpdates commit)
    {
        if (commit.IsEmpty)
        {
            return;
        }

        foreach (ClientMonitor monitor in _monitors)
        {
            if (monitor.Database == commit.Database && monitor.ComposeUpdates(commit) is { } updates)
            {
                _pending.Add(MonitorNotification.Update(monitor.Protocol, monitor.Id, updates, commit.LastTxnId));
            }
        }
    }

    /// <summary>
    /// Cancels every monitor of <paramref name="database"/>, queueing monitor_canceled for each if
    /// <paramref name="changeAware"/>. Returns how many monitors were canceled.
    /// </summary>
    public int OnDatabaseRemoved(IMonitorSource database, bool changeAware)
    {
        int canceled = 0;
        foreach (ClientMonitor monitor in _monitors.Where(m => m.Database == database).ToList())
        {
            Remove(monitor);
            canceled++;
            if (changeAware)
            {
                _pending.Add(MonitorNotification.Canceled(monitor.Id));
            }
        }

        return canceled;
    }

    private void Remove(ClientMonitor monitor)
    {
        _monitors.Remove(monitor);
        _byId.Remove(monitor.Id);
    }
}
