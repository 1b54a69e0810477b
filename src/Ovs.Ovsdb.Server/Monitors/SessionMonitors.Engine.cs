// Upstream: ovsdb/jsonrpc-server.c (OVS 3.1)
//
// The entry points the server calls with engine objects. They only adapt the engine's Database and change set
// (EngineMonitorSource) and forward to the engine-independent methods.
using Ovs.Json;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Server.Monitors;

internal sealed partial class SessionMonitors
{
    /// <summary>monitor / monitor_cond / monitor_cond_since against the server's databases.</summary>
    public MonitorReply Monitor(MonitorProtocol protocol, JsonValue parameters, Func<string, Database?> findDatabase) =>
        Monitor(protocol, parameters, name => findDatabase(name) is { } db ? EngineMonitorSource.For(db) : null);

    /// <summary>
    /// Convenience for a server with one session: queues this commit's notifications. A server with many
    /// sessions should build the CommitUpdates once (EngineMonitorSource.ToCommitUpdates) and pass it to each
    /// session's OnCommit, so the row updates are shared.
    /// </summary>
    public void OnCommit(Database database, TxnChanges changes) =>
        OnCommit(EngineMonitorSource.ToCommitUpdates(database, changes));

    /// <summary>See <see cref="OnDatabaseRemoved(IMonitorSource, bool)"/>.</summary>
    public int OnDatabaseRemoved(Database database, bool changeAware) =>
        OnDatabaseRemoved(EngineMonitorSource.For(database), changeAware);
}
