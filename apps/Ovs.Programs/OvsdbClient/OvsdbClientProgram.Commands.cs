// Upstream: ovsdb/ovsdb-client.c, all_commands[] (OVS 3.1)
using System.Collections.Frozen;

namespace Ovs.Programs.OvsdbClient;

internal static partial class OvsdbClientProgram
{
    private const int Unlimited = int.MaxValue;

    private static readonly FrozenDictionary<string, ClientCommand> s_commands = new ClientCommand[]
    {
        new("list-dbs", CommandNeed.Rpc, 0, 0, SchemaCommands.ListDbs),
        new("get-schema", CommandNeed.Database, 0, 0, SchemaCommands.GetSchema),
        new("get-schema-version", CommandNeed.Database, 0, 0, SchemaCommands.GetSchemaVersion),
        new("get-schema-cksum", CommandNeed.Database, 0, 0, SchemaCommands.GetSchemaCksum),
        new("list-tables", CommandNeed.Database, 0, 0, SchemaCommands.ListTables),
        new("list-columns", CommandNeed.Database, 0, 1, SchemaCommands.ListColumns),
        new("monitor", CommandNeed.Database, 1, Unlimited, MonitorCommand.Monitor, Daemon: true),
        new("monitor-cond", CommandNeed.Database, 2, Unlimited, MonitorCommand.MonitorCond, Daemon: true),
        new("monitor-cond-since", CommandNeed.Database, 2, Unlimited, MonitorCommand.MonitorCondSince, Daemon: true),
        new("lock", CommandNeed.Rpc, 1, 1, LockCommands.Lock, Daemon: true),
        new("steal", CommandNeed.Rpc, 1, 1, LockCommands.Steal, Daemon: true),
        new("unlock", CommandNeed.Rpc, 1, 1, LockCommands.Unlock, Daemon: true),
        new("wait", CommandNeed.None, 2, 3, WaitCommand.Wait),
        new("convert", CommandNeed.Rpc, 1, 1, ConvertCommands.Convert),
        new("needs-conversion", CommandNeed.Rpc, 1, 1, ConvertCommands.NeedsConversion),
        new("backup", CommandNeed.Database, 0, 0, BackupCommands.Backup),
        new("restore", CommandNeed.Database, 0, 0, BackupCommands.Restore),
        new("transact", CommandNeed.Rpc, 1, 1, TransactCommands.Transact, Daemon: true),
        new("query", CommandNeed.Rpc, 1, 1, TransactCommands.Query, Daemon: true),
        new("dump", CommandNeed.Database, 0, Unlimited, DumpCommand.Dump),
        new("help", CommandNeed.None, 0, Unlimited, ctx =>
        {
            ctx.Out.Write(Usage());
            return Task.CompletedTask;
        }),
    }.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
}
