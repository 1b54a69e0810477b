// Upstream: utilities/ovs-vsctl.c main() and do_vsctl(), vtep/vtep-ctl.c likewise (OVS 3.1)
//
// The loop shared by the db-ctl programs: run every command's prerequisites, connect the IDL, and each time the
// replica changed run all commands inside one transaction and commit it. A transaction that must be retried
// (a verified column changed, the connection dropped, or wait-until's condition does not hold yet) is dropped
// with its output, and the loop waits for the replica to change before running the commands again. Output is
// printed only once a transaction committed (or had nothing to change), so a retried attempt prints nothing.
using System.Text;
using Ovs.Cli.Tables;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Cli.DbCtl;

public sealed class DbCtlRunner
{
    private readonly DbCtlEngine _engine;
    private readonly IDbCtlFrontEnd _frontEnd;
    private readonly TextWriter _output;

    public DbCtlRunner(DbCtlEngine engine, IDbCtlFrontEnd frontEnd, TextWriter output)
    {
        _engine = engine;
        _frontEnd = frontEnd;
        _output = output;
    }

    /// <summary>The database remote(s), comma-separated.</summary>
    public required string Db { get; init; }

    public bool Retry { get; init; }

    public bool DryRun { get; init; }

    public bool Oneline { get; init; }

    public required TableStyle Style { get; init; }

    /// <summary>Runs <paramref name="commands"/>; returns once they committed (or throws CliException).</summary>
    public async Task RunAsync(List<CtlCommand> commands, string commandLine, CancellationToken cancellationToken)
    {
        var idl = new OvsdbIdl(Db.Split(','), _engine.Schema.Name, Retry) { SingleThreaded = true, CompiledSchema = _engine.Schema };
        await using (idl.ConfigureAwait(false))
        {
            CtlContext pre = _frontEnd.CreateContext(_engine, idl);
            _frontEnd.RegisterColumns(idl);
            foreach (CtlCommand command in commands)
            {
                if (command.Syntax.Prerequisites is { } prerequisites)
                {
                    pre.BeginCommand(command, false);
                    prerequisites(pre);
                }
            }

            ulong seqno = idl.ChangeSeqNo;
            while (true)
            {
                await idl.RunAsync(cancellationToken).ConfigureAwait(false);
                if (!idl.IsAlive)
                {
                    throw new CliException($"{Db}: database connection failed ({OvsErrno.RetvalToString(idl.LastError)})");
                }

                if (idl.IsSynced && seqno != idl.ChangeSeqNo)
                {
                    seqno = idl.ChangeSeqNo;
                    if (await TryRunAsync(commands, idl, commandLine, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
    }

    private async Task<bool> TryRunAsync(List<CtlCommand> commands, OvsdbIdl idl, string commandLine, CancellationToken cancellationToken)
    {
        using var txn = new IdlTransaction(idl) { DryRun = DryRun };
        CtlContext ctx = _frontEnd.CreateContext(_engine, idl);
        ctx.Txn = txn;
        ctx.Symbols = new CtlSymbolTable();
        _frontEnd.BeginTransaction(ctx, commandLine);
        foreach (CtlCommand command in commands)
        {
            command.Output = new StringBuilder();
            command.Table = null;
            command.CreatedRow = null;
        }

        for (int i = 0; i < commands.Count; i++)
        {
            ctx.BeginCommand(commands[i], i == commands.Count - 1);
            commands[i].Syntax.Run?.Invoke(ctx);
            if (ctx.TryAgain)
            {
                return false;
            }
        }

        ctx.InvalidateCache();
        CheckSymbols(ctx.Symbols);

        IdlTxnStatus status = await txn.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (status is IdlTxnStatus.Unchanged or IdlTxnStatus.Success)
        {
            foreach (CtlCommand command in commands)
            {
                if (command.Syntax.PostProcess is { } post)
                {
                    ctx.BeginCommand(command, false);
                    post(ctx);
                }
            }
        }

        switch (status)
        {
            case IdlTxnStatus.Aborted:
                throw new CliException("transaction aborted");
            case IdlTxnStatus.TryAgain:
                return false;
            case IdlTxnStatus.Error:
                throw new CliException($"transaction error: {txn.Error}");
            case IdlTxnStatus.NotLocked:
                throw new CliException("database not locked");
        }

        PrintOutputs(commands);
        await _frontEnd.AfterCommitAsync(ctx, status, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The front end's log module (upstream warns about unreferenced rows from the program's own module).</summary>
    public VlogModule Log { get; init; } = VlogModule.Get("db_ctl_base");

    private void CheckSymbols(CtlSymbolTable symbols)
    {
        foreach (KeyValuePair<string, CtlSymbol> entry in symbols.Symbols)
        {
            CtlSymbol symbol = entry.Value;
            if (!symbol.Created)
            {
                throw new CliException($"row id \"{entry.Key}\" is referenced but never created (e.g. with \"-- --id={entry.Key} create ...\")");
            }

            if (!symbol.StrongRef)
            {
                Log.Warn(symbol.WeakRef
                    ? $"row id \"{entry.Key}\" was created but only a weak reference to it was inserted, so it will not actually appear in the database"
                    : $"row id \"{entry.Key}\" was created but no reference to it was inserted, so it will not actually appear in the database");
            }
        }
    }

    private void PrintOutputs(List<CtlCommand> commands)
    {
        // One printer for all commands: as upstream's, it separates each table from the previous one.
        var printer = new TablePrinter(Style, _output);
        foreach (CtlCommand command in commands)
        {
            if (command.Table is { } table)
            {
                printer.Print(table);
            }
            else if (Oneline)
            {
                string text = command.Output.ToString();
                if (text.EndsWith('\n'))
                {
                    text = text[..^1];
                }

                var line = new StringBuilder(text.Length + 1);
                foreach (char c in text)
                {
                    _ = c switch
                    {
                        '\n' => line.Append("\\n"),
                        '\\' => line.Append("\\\\"),
                        _ => line.Append(c),
                    };
                }

                _output.Write(line.Append('\n').ToString());
            }
            else
            {
                _output.Write(command.Output.ToString());
            }
        }
    }

    /// <summary>Quotes arguments as upstream's process_escape_args() does, for comments and messages.</summary>
    public static string EscapeArgs(IEnumerable<string> args)
    {
        var sb = new StringBuilder();
        bool first = true;
        foreach (string arg in args)
        {
            if (!first)
            {
                sb.Append(' ');
            }

            first = false;

            if (arg.AsSpan().IndexOfAny(" \t\r\n\v\\'\"") >= 0)
            {
                sb.Append('"');
                foreach (char c in arg)
                {
                    if (c is '\\' or '"')
                    {
                        sb.Append('\\');
                    }

                    sb.Append(c);
                }

                sb.Append('"');
            }
            else
            {
                sb.Append(arg);
            }
        }

        return sb.ToString();
    }
}
