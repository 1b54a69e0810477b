// Upstream: the parts of ovs-vsctl.c / vtep-ctl.c main loops that differ between the two programs (OVS 3.1)
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Cli.DbCtl;

/// <summary>What a db-ctl program adds around the shared command loop.</summary>
public interface IDbCtlFrontEnd
{
    /// <summary>A fresh context for one attempt at running the commands (prerequisites included).</summary>
    CtlContext CreateContext(DbCtlEngine engine, OvsdbIdl idl);

    /// <summary>Registers what the front end always replicates, before the commands' prerequisites.</summary>
    void RegisterColumns(OvsdbIdl idl);

    /// <summary>Prepares the transaction before the commands run (ovs-vsctl: comment, root row, next_cfg).</summary>
    void BeginTransaction(CtlContext ctx, string commandLine);

    /// <summary>After a committed transaction's output was printed (ovs-vsctl: --wait for ovs-vswitchd).</summary>
    Task AfterCommitAsync(CtlContext ctx, IdlTxnStatus status, CancellationToken cancellationToken);
}
