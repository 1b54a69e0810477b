// Upstream: ovsdb/trigger.c and the trigger half of ovsdb/jsonrpc-server.c (OVS 3.1)
//
// A "transact" request that cannot finish yet because a "wait" operation is not satisfied (RFC 7047 5.2.6). The
// server keeps it on its database and re-executes it from scratch after every commit to that database and when
// its earliest "wait" timeout expires (then the engine answers "timed out"). A "cancel" notification or the
// session's end discards it without a reply, as upstream does.
using Ovs.Json;
using Ovs.Ovsdb.Server.Databases;

namespace Ovs.Ovsdb.Server.Sessions;

internal sealed class TransactTrigger(ServerSession session, ServedDatabase database, JsonValue id, IReadOnlyList<JsonValue> operations, long arrivalMs)
{
    public ServerSession Session { get; } = session;

    public ServedDatabase Database { get; } = database;

    public JsonValue Id { get; } = id;

    public IReadOnlyList<JsonValue> Operations { get; } = operations;

    /// <summary>When the request arrived, in MainLoop monotonic milliseconds; "wait" timeouts count from here.</summary>
    public long ArrivalMs { get; } = arrivalMs;

    /// <summary>The pending timeout re-run, if the blocking "wait" has a timeout.</summary>
    public IDisposable? Timer { get; set; }

    public bool IsDone { get; set; }
}
