// Upstream: ovsdb/trigger.c, ovsdb/transaction.c's commit path and ovsdb/ovsdb-server.c's compaction check (OVS 3.1)
using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;
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
    /// A durable commit returns once the log is on disk (the engine fsyncs synchronously).
    /// </summary>
    public OvsdbError? Commit(ServedDatabase db, Transaction transaction, TxnChanges changes, bool durable)
    {
        if (db.File is { } file)
        {
            OvsdbError? error = file.Write(changes, durable);
            if (error is not null)
            {
                return error;
            }
        }

        transaction.Apply();
        if (!changes.IsEmpty)
        {
            LogTransaction(db, changes);
            CommitUpdates updates = EngineMonitorSource.ToCommitUpdates(db.Database, changes);
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

        return null;
    }

    /// <summary>Compacts <paramref name="db"/>'s log, logging why (ovsdb-server/compact or automatic).</summary>
    public OvsdbError? Compact(ServedDatabase db, string reason)
    {
        s_log.Info($"compacting {db.Name} database {reason}");
        OvsdbError? error = db.File?.Compact();
        if (error is not null)
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

        trigger.IsDone = true;
        JsonArray reply = result.Reply!;
        if (result.Transaction is not null)
        {
            OvsdbError? error = Commit(trigger.Database, result.Transaction, result.Changes, result.Durable);
            if (error is not null)
            {
                reply.Add(error.ToJson());
            }
        }

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
