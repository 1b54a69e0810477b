// Upstream: ovsdb/execution.c, ovsdb_execute_compose() outputs (OVS 3.1)
using Ovs.Json;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Execution;

/// <summary>
/// The outcome of executing a "transact" operation list. Either <see cref="IsRetry"/> (a "wait" is not yet
/// satisfied: re-execute after the next commit, or when <see cref="RetryAfterMs"/> has passed), or a
/// <see cref="Reply"/>: one entry per operation up to the failing one, then nulls, plus a trailing error if the
/// commit checks failed. When <see cref="Transaction"/> is non-null every operation succeeded and the commit
/// checks passed: the caller stores <see cref="Changes"/> and then calls Transaction.Apply().
/// </summary>
internal sealed class ExecutionResult
{
    public bool IsRetry { get; init; }

    /// <summary>For a retry, the time (ms from the request's arrival) when the earliest wait times out, if any.</summary>
    public long? RetryAfterMs { get; init; }

    public JsonArray? Reply { get; init; }

    public Transaction? Transaction { get; init; }

    public TxnChanges Changes { get; init; } = TxnChanges.None;

    /// <summary>A "commit" operation asked for durability: acknowledge only once the changes are on disk.</summary>
    public bool Durable { get; init; }
}
