// Upstream: vtep/vtep-ctl.c, do_vtep_ctl() around the commands (OVS 3.1)
//
// Before the commands run, the transaction gets a comment with the command line and the Global row (inserted
// when the table is empty; an insertion that writes nothing does not reach the database). Nothing waits after
// the commit: no daemon reports back through this database.
using Ovs.Cli.DbCtl;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Programs.VtepCtl;

internal sealed class VtepFrontEnd : IDbCtlFrontEnd
{
    public CtlContext CreateContext(DbCtlEngine engine, OvsdbIdl idl) => new VtepContext(engine, idl);

    public void RegisterColumns(OvsdbIdl idl) => idl.RegisterTable("Global");

    public void BeginTransaction(CtlContext ctx, string commandLine)
    {
        var v = (VtepContext)ctx;
        ctx.Transaction.AddComment($"vtep-ctl: {commandLine}");
        v.Global = v.AllRows("Global").FirstOrDefault() ?? v.Insert("Global");
    }

    public Task AfterCommitAsync(CtlContext ctx, IdlTxnStatus status, CancellationToken cancellationToken) => Task.CompletedTask;
}
