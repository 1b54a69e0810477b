// Upstream: ovsdb/ovsdb-tool.c, print_raft_header() and print_raft_record() (OVS 3.1)
using System.Text;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine.Cluster;

namespace Ovs.Programs.OvsdbTool;

internal static partial class ShowLogCommand
{
    private static void AppendRaftRecord(StringBuilder sb, int index, JsonObject json, LogChangePrinter printer)
    {
        sb.Append('\n');
        if (index == 0)
        {
            if (RaftHeader.TryParse(json, out RaftHeader? header) is string headerError)
            {
                AppendSyntaxError(sb, json, headerError);
                return;
            }

            AppendHeader(sb, header!, printer);
            return;
        }

        if (RaftRecord.TryParse(json, out RaftRecord? record) is string recordError)
        {
            AppendSyntaxError(sb, json, recordError);
            return;
        }

        AppendRecord(sb, record!, printer);
    }

    private static void AppendHeader(StringBuilder sb, RaftHeader header, LogChangePrinter printer)
    {
        // The mismatched quotes after "name" are upstream's.
        sb.Append(" name: \"").Append(header.Name).Append("'\n");
        sb.Append(" local address: \"").Append(header.LocalAddress).Append("\"\n");
        sb.Append(" server_id: ").Append(RaftJsonReader.Short(header.ServerId)).Append('\n');
        if (header.ClusterId is Guid cid)
        {
            sb.Append(" cluster_id: ").Append(RaftJsonReader.Short(cid)).Append('\n');
        }

        if (header.IsJoining)
        {
            sb.Append(" remote_addresses:");
            foreach (string address in header.RemoteAddresses)
            {
                sb.Append(' ').Append(address);
            }

            sb.Append('\n');
        }

        if (header.Snapshot is not { } snapshot)
        {
            return;
        }

        sb.Append(" prev_index: ").Append(snapshot.Index).Append('\n');
        sb.Append(" prev_term: ").Append(snapshot.Term).Append('\n');
        AppendServers(sb, " prev_servers: ", snapshot.Servers);
        sb.Append(" prev_eid: ").Append(RaftJsonReader.Short(snapshot.Eid)).Append('\n');
        AppendData(sb, "prev_schema", snapshot.Schema, snapshot.Data, printer);
    }

    private static void AppendRecord(StringBuilder sb, RaftRecord record, LogChangePrinter printer)
    {
        AppendNumber(sb, " term: ", record.Term);
        AppendNumber(sb, " index: ", record.Index);
        if (record.Eid is Guid eid)
        {
            sb.Append(" eid: ").Append(RaftJsonReader.Short(eid)).Append('\n');
        }

        if (record.Data is { } data)
        {
            AppendData(sb, "schema", data[0], data[1], printer);
        }

        if (record.Servers is { } servers)
        {
            AppendServers(sb, " servers: ", servers);
        }

        if (record.Vote is Guid vote)
        {
            sb.Append(" vote: ").Append(RaftJsonReader.Short(vote)).Append('\n');
        }

        if (record.Leader is Guid leader)
        {
            sb.Append(" leader: ").Append(RaftJsonReader.Short(leader)).Append('\n');
        }

        AppendNumber(sb, " commit_index: ", record.CommitIndex);
        if (record.Note is string note)
        {
            sb.Append(" note: \"").Append(note).Append("\"\n");
        }
    }

    private static void AppendData(StringBuilder sb, string schemaLabel, JsonValue schemaJson, JsonValue data, LogChangePrinter printer)
    {
        if (schemaJson.Type != JsonType.Null)
        {
            if (DatabaseSchema.TryFromJson(schemaJson, out DatabaseSchema schema) is null)
            {
                printer.Schema = schema;
                sb.Append(' ').Append(schemaLabel).Append(": \"").Append(schema.Name).Append("\", version=\"")
                    .Append(schema.Version).Append("\", cksum=\"").Append(schema.Cksum).Append("\"\n");
            }
        }

        if (data is JsonObject { Count: > 0 } transaction)
        {
            printer.Append(sb, transaction);
        }
    }

    private static void AppendServers(StringBuilder sb, string label, IReadOnlyList<KeyValuePair<Guid, string>> servers)
    {
        sb.Append(label);
        for (int i = 0; i < servers.Count; i++)
        {
            sb.Append(i > 0 ? ", " : "").Append(RaftJsonReader.Short(servers[i].Key)).Append("(\"").Append(servers[i].Value).Append("\")");
        }

        sb.Append('\n');
    }

    private static void AppendNumber(StringBuilder sb, string label, long? value)
    {
        if (value is long n)
        {
            sb.Append(label).Append(n).Append('\n');
        }
    }

    private static void AppendSyntaxError(StringBuilder sb, JsonObject json, string error)
    {
        sb.Append(new Ovs.Ovsdb.OvsdbError(OvsdbErrorTags.SyntaxError, error, json.ToString(JsonWriteOptions.Sort))).Append('\n');
    }
}
