// Upstream: ovsdb/execution.c, the arguments of ovsdb_execute_compose() (OVS 3.1)
namespace Ovs.Ovsdb.Engine.Execution;

/// <summary>How a "transact" request is executed; supplied by the server session or the tool.</summary>
internal sealed class ExecutionOptions
{
    public static readonly ExecutionOptions Tool = new() { TriggersSupported = false };

    /// <summary>
    /// Answers "assert" operations: true if the requesting session owns the named lock. Null means no locks are
    /// held (as for ovsdb-tool).
    /// </summary>
    public Func<string, bool>? IsLockOwned { get; init; }

    /// <summary>
    /// False where a blocked "wait" cannot be retried later (ovsdb-tool): it then fails with "not supported".
    /// </summary>
    public bool TriggersSupported { get; init; } = true;

    /// <summary>
    /// The client's RBAC role (from its remote's "role" column, or ovsdb-tool --rbac-role); null or empty for the
    /// unrestricted "superuser" role.
    /// </summary>
    public string? Role { get; init; }

    /// <summary>The client's ID for RBAC authorization (its SSL certificate's common name), or null if it has none.</summary>
    public string? ClientId { get; init; }

    /// <summary>Milliseconds since the request first arrived; a "wait" whose timeout has passed fails.</summary>
    public long ElapsedMs { get; init; }
}
