// Upstream: ovsdb/ovsdb-tool.c, do_show_log() and its raft counterpart (OVS 3.1)
//
// show-log prints one "record N:" paragraph per log record. For a standalone database, record 0 is the schema
// and the others transactions (see LogChangePrinter). For a clustered one, record 0 is the raft header and the
// others raft records; each member is printed on its own " key: value" line, server and entry IDs shortened to
// their first 4 hex digits, and entry data described like a standalone transaction.
using System.Text;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Programs.OvsdbTool;

internal static partial class ShowLogCommand
{
    public static int Run(ToolContext context)
    {
        string db = context.ArgOr(0, ToolContext.DefaultDb);
        StorageError? error = LogFile.Open(db, null, LogOpenMode.ReadOnly, locking: false, out LogFile? log);
        if (error is not null)
        {
            throw DbFile.Fail(error);
        }

        using LogFile reader = log!;
        var printer = new LogChangePrinter(context.Options.More);
        for (int i = 0; ; i++)
        {
            error = reader.Read(out JsonObject? record);
            if (error is not null)
            {
                context.Out.Flush();
                throw DbFile.Fail(error);
            }

            if (record is null)
            {
                return 0;
            }

            var sb = new StringBuilder();
            sb.Append("record ").Append(i).Append(':');
            if (reader.IsClustered)
            {
                AppendRaftRecord(sb, i, record, printer);
            }
            else
            {
                AppendStandaloneRecord(sb, i, record, printer);
            }

            sb.Append('\n');
            context.Out.Write(sb.ToString());
        }
    }

    private static void AppendStandaloneRecord(StringBuilder sb, int index, JsonObject record, LogChangePrinter printer)
    {
        if (index == 0)
        {
            if (DatabaseSchema.TryFromJson(record, out DatabaseSchema schema) is OvsdbError schemaError)
            {
                throw new ToolFailure(schemaError.ToString());
            }

            printer.Schema = schema;
            sb.Append(" \"").Append(schema.Name).Append("\" schema, version=\"").Append(schema.Version)
                .Append("\", cksum=\"").Append(schema.Cksum).Append("\"\n");
            return;
        }

        printer.Append(sb, record);
    }
}
