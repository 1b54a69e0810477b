// Upstream: lib/db-ctl-base.h, struct ctl_context (OVS 3.1)
//
// What a command sees while it runs: its arguments and options, the IDL and the open transaction, the "@name"
// symbols, and where its output goes (text, or a table for list/find). Front ends derive from it to add their
// own state (ovs-vsctl's bridge/port cache). Commands report failure by throwing CliException (upstream's
// ctl_fatal and ctx->error end the same way: the message on stderr and exit status 1), and ask for the whole
// transaction to be retried by setting TryAgain.
using System.Text;
using Ovs.Cli.Tables;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Cli.DbCtl;

public class CtlContext
{
    public CtlContext(DbCtlEngine engine, OvsdbIdl idl)
    {
        Engine = engine;
        Idl = idl;
    }

    public DbCtlEngine Engine { get; }

    public OvsdbIdl Idl { get; }

    /// <summary>The open transaction (null while prerequisites run).</summary>
    public IdlTransaction? Txn { get; internal set; }

    public CtlSymbolTable Symbols { get; internal set; } = new();

    public CtlCommand Command { get; private set; } = null!;

    public string[] Argv => Command.Argv;

    public int Argc => Command.Argv.Length;

    public CtlOptions Options => Command.Options;

    public StringBuilder Output => Command.Output;

    public Table? Table
    {
        get => Command.Table;
        set => Command.Table = value;
    }

    /// <summary>Set by a command whose condition does not hold yet (wait-until): the transaction is rerun later.</summary>
    public bool TryAgain { get; set; }

    /// <summary>The row a "create" command inserted, for its post-commit step.</summary>
    public Ovs.Ovsdb.Client.Idl.IdlRow? CreatedRow
    {
        get => Command.CreatedRow;
        set => Command.CreatedRow = value;
    }

    /// <summary>True while the last command of the command line runs.</summary>
    public bool LastCommand { get; private set; }

    public IdlTransaction Transaction => Txn ?? throw new InvalidOperationException("no transaction is open");

    internal void BeginCommand(CtlCommand command, bool last)
    {
        Command = command;
        LastCommand = last;
        TryAgain = false;
    }

    /// <summary>Called whenever a generic command may have changed rows that a front end caches.</summary>
    public virtual void InvalidateCache()
    {
    }
}
