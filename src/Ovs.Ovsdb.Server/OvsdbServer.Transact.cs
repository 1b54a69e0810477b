// Upstream: ovsdb/trigger.c, ovsdb/transaction.c's commit path and ovsdb/ovsdb-server.c's compaction check (OVS 3.1)
using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Engine.Raft;
using Ovs.Ovsdb.Engine.Transactions;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Monitors;
using Ovs.Ovsdb.Server.Rpc;
using Ovs.Ovsdb.Server.Sessions;

namespace Ovs.Ovsdb.Server;

internal sealed partial class OvsdbServer
{
    /// <summary>Runs a new "transact" request now, or parks it until a commit or its timeout lets it finish.</summary>
    public void StartTrigger(TransactTrigger trigger)
    {
        if (!TryRun(trigger))
        {
            trigger.Database.Triggers.Add(trigger);
            trigger.Session.Triggers[trigger.Id] = trigger;
        }
    }

    /// <summary>
    /// Writes <paramref name="changes"/> to the database's log and applies <paramref name="transaction"/>, then
    /// sends the monitor updates, re-runs the database's waiting transactions and notifies listeners.
    /// A durable commit returns once the log is on disk (the engine fsyncs synchronously). A clustered database
    /// commits through Raft, which always waits for the disk. <paramref name="txnId"/> is the transaction's ID for
    /// a relay (its source's); clustered transactions get their Raft entry ID.
    /// </summary>
    public OvsdbError? Commit(ServedDatabase db, Transaction transaction, TxnChanges changes, bool durable, Guid txnId = default)
    {
        if (db.Clustered is { } clustered)
        {
            OvsdbError? clusterError = clustered.Propose(changes, out Guid eid);
            if (clusterError is not null)
            {
                return clusterError;
            }

            if (eid != Guid.Empty)
            {
                ApplyCommitted(db, clustered, transaction, eid, changes);
                return null;
            }
        }
        else if (db.File is { } file)
        {
            OvsdbError? error = file.Write(changes, durable);
            if (error is not null)
            {
                return error;
            }
        }

        transaction.Apply();
        Publish(db, changes, txnId);
        return null;
    }

    /// <summary>
    /// Applies, in log order, every committed entry of a clustered database not applied yet: the entry
    /// <paramref name="ownEid"/> from the transaction this server executed, any other by replaying its record
    /// (entries other servers appended, once there can be other servers).
    /// </summary>
    private void ApplyCommitted(ServedDatabase db, ClusteredStorage clustered, Transaction? own, Guid ownEid, TxnChanges ownChanges)
    {
        while (clustered.ReadNext(out CommittedEntry entry))
        {
            if (own is not null && entry.Eid == ownEid)
            {
                own.Apply();
                clustered.MarkApplied(entry.Eid);
                Publish(db, ownChanges, entry.Eid);
                continue;
            }

            Engine.Database before = clustered.Database;
            OvsdbError? error = clustered.Replay(entry, out TxnChanges replayed);
            if (error is not null)
            {
                s_log.Err($"{db.File!.FileName}: {error}");
                return;
            }

            if (!ReferenceEquals(before, clustered.Database))
            {
                // A schema change: clients of the old database are told as for a conversion.
                DetachClients(db, before);
                db.EnableHistory(new TxnHistory());
                DatabasesChanged?.Invoke();
            }

            Publish(db, replayed, entry.Eid);
        }
    }

    /// <summary>
    /// After a commit is applied: records it in the history (under <paramref name="txnId"/>, if the database keeps
    /// one), sends monitor updates, re-runs waiting transactions, notifies listeners and compacts if due.
    /// </summary>
    private void Publish(ServedDatabase db, TxnChanges changes, Guid txnId)
    {
        List<MonitorTableChanges> tables = EngineMonitorSource.ToMonitorChanges(changes);
        if (db.History is { } history && txnId != Guid.Empty)
        {
            db.CountAtoms(changes);
            history.Add(txnId, tables);
            history.Trim(db.Atoms);
        }

        if (db.Clustered is not null)
        {
            // _Server's "index" follows every applied entry.
            RefreshServerDatabase();
        }

        if (!changes.IsEmpty)
        {
            LogTransaction(db, changes);
            var updates = new CommitUpdates(EngineMonitorSource.For(db.Database), tables)
            {
                LastTxnId = db.History?.LastId ?? Guid.Empty,
            };
            foreach (ServerSession session in _sessions)
            {
                session.Monitors.OnCommit(updates);
                session.FlushMonitors();
            }

            if (db.Triggers.Count > 0)
            {
                Loop.Post(() => RunTriggers(db));
            }

            Committed?.Invoke(db);
            if (db.File is { } f && f.ShouldCompact())
            {
                Compact(db, "automatically");
            }
        }
    }

    /// <summary>
    /// Called after a cluster/* command or a Raft timer may have changed a clustered database's state: applies what
    /// became committed, brings _Server up to date and retries waiting transactions.
    /// </summary>
    public void OnClusterChanged(ServedDatabase db)
    {
        if (db.Clustered is not { } clustered)
        {
            return;
        }

        ApplyCommitted(db, clustered, null, Guid.Empty, Engine.Transactions.TxnChanges.None);
        RefreshServerDatabase();
        if (db.Triggers.Count > 0)
        {
            Loop.Post(() => RunTriggers(db));
        }
    }

    /// <summary>Runs the Raft timers of every clustered database (called periodically).</summary>
    public void RunClusters()
    {
        foreach (ServedDatabase db in _databases.Values.ToList())
        {
            if (db.Clustered is { } clustered)
            {
                bool wasLeader = clustered.Raft.IsLeader;
                long commit = clustered.Raft.CommitIndex;
                clustered.Raft.Run();
                if (wasLeader != clustered.Raft.IsLeader || commit != clustered.Raft.CommitIndex)
                {
                    OnClusterChanged(db);
                }
            }
        }
    }

    /// <summary>Compacts <paramref name="db"/>'s log, logging why (ovsdb-server/compact or automatic).</summary>
    public OvsdbError? Compact(ServedDatabase db, string reason)
    {
        s_log.Info($"compacting {db.Name} database {reason}");
        OvsdbError? error = db.File?.Compact();

        // A user's request gets the error in its reply (as upstream, nothing more is logged).
        if (error is not null && reason == "automatically")
        {
            s_log.Warn($"{db.Name}: compacting database failed ({error})");
        }

        return error;
    }

    private void RunTriggers(ServedDatabase db)
    {
        foreach (TransactTrigger trigger in db.Triggers.ToList())
        {
            if (!trigger.IsDone && TryRun(trigger))
            {
                Forget(trigger);
            }
        }
    }

    private void Forget(TransactTrigger trigger)
    {
        trigger.Timer?.Dispose();
        trigger.Database.Triggers.Remove(trigger);
        trigger.Session.Triggers.Remove(trigger.Id);
    }

    /// <summary>Executes the trigger's operations; true once it has been answered (or will be, after fsync).</summary>
    private bool TryRun(TransactTrigger trigger)
    {
        if (TryRunOnRelay(trigger) is bool relayed)
        {
            return relayed;
        }

        long elapsed = Loop.MonotonicMs - trigger.ArrivalMs;
        var options = new ExecutionOptions
        {
            IsLockOwned = trigger.Session.OwnsLock,
            ElapsedMs = elapsed,
            Role = trigger.Session.Role,
            ClientId = trigger.Session.ClientId,
        };
        ExecutionResult result = ServerExecutor.Execute(trigger.Database, trigger.Operations, options, trigger.Session.ReadOnly || ReadOnly);
        if (result.IsRetry)
        {
            trigger.Timer?.Dispose();
            trigger.Timer = null;
            if (result.RetryAfterMs is long after)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Max(0, after - elapsed));
                trigger.Timer = Loop.Schedule(delay, () =>
                {
                    if (!trigger.IsDone && TryRun(trigger))
                    {
                        Forget(trigger);
                    }
                });
            }

            return false;
        }

        JsonArray reply = result.Reply!;
        if (result.Transaction is not null)
        {
            OvsdbError? error = Commit(trigger.Database, result.Transaction, result.Changes, result.Durable);
            if (error is { Tag: "cluster error" })
            {
                // Temporary (no leader, or leaving the cluster): retried when the cluster's state changes, as upstream.
                return false;
            }

            if (error is not null)
            {
                reply.Add(error.ToJson());
            }
        }

        trigger.IsDone = true;

        trigger.Session.Reply(trigger.Id, reply);
        return true;
    }

    private static void LogTransaction(ServedDatabase db, TxnChanges changes)
    {
        if (db.LoggedTables.Count == 0)
        {
            return;
        }

        foreach (TableChanges table in changes.Tables)
        {
            if (db.LoggedTables.Contains(table.Table.Name))
            {
                s_log.Info($"{db.Name}: transaction on table {table.Table.Name}{(changes.Comment is { } c ? $", comment: {c}" : "")}");
            }
        }
    }
}
