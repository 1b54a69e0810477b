// Upstream: lib/ovsdb-idl.h, enum ovsdb_idl_txn_status (OVS 3.1)
namespace Ovs.Ovsdb.Client.Idl;

/// <summary>How a transaction ended.</summary>
public enum IdlTxnStatus
{
    /// <summary>Not committed yet.</summary>
    Uncommitted,

    /// <summary>There was nothing to change, so nothing was sent.</summary>
    Unchanged,

    /// <summary>The caller aborted the transaction before it finished.</summary>
    Aborted,

    /// <summary>The server committed the transaction (or, for a dry run, accepted it and rolled it back).</summary>
    Success,

    /// <summary>A verified column changed, the connection dropped, or the server was not ready: retry.</summary>
    TryAgain,

    /// <summary>The transaction needs the IDL's lock, which this client does not hold.</summary>
    NotLocked,

    /// <summary>The server refused the transaction; <see cref="IdlTransaction.Error"/> says why.</summary>
    Error,
}

public static class IdlTxnStatusNames
{
    /// <summary>The names upstream's ovsdb_idl_txn_status_to_string() uses.</summary>
    public static string ToName(this IdlTxnStatus status) => status switch
    {
        IdlTxnStatus.Uncommitted => "uncommitted",
        IdlTxnStatus.Unchanged => "unchanged",
        IdlTxnStatus.Aborted => "aborted",
        IdlTxnStatus.Success => "success",
        IdlTxnStatus.TryAgain => "try again",
        IdlTxnStatus.NotLocked => "not locked",
        _ => "error",
    };
}
