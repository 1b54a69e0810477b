// Upstream: ovsdb/relay.c, ovsdb_relay_parse_update() and ovsdb/ovsdb-cs.c's update2 format (OVS 3.1)
//
// Applies "table-updates2" (the monitor_cond_since reply and update3 notifications) to a relay's in-memory copy
// as one local transaction: "initial"/"insert" rows are created with the given columns (the others keep their
// defaults, which update2 leaves out), "modify" carries per-column diffs applied with Datum.ApplyDiff, and
// "delete" removes the row. A reply that does not continue from the relay's last transaction (found = false)
// first empties every table. The commit goes through the server, so the relay's own monitor clients see it.
using Ovs.Json;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Transactions;
using Ovs.Ovsdb.Server.Databases;

namespace Ovs.Ovsdb.Server.Relay;

internal static class RelayWriter
{
    public static OvsdbError? Apply(OvsdbServer server, ServedDatabase db, JsonValue updates, bool reset, Guid txnId = default)
    {
        if (updates is not JsonObject tables)
        {
            return new OvsdbError(OvsdbErrorTags.SyntaxError, "table updates must be an object");
        }

        var txn = new Transaction(db.Database);
        if (reset)
        {
            foreach (Table table in db.Database.Tables)
            {
                foreach (Row row in table.Rows.ToList())
                {
                    txn.Delete(table, row);
                }
            }
        }

        foreach (KeyValuePair<string, JsonValue> entry in tables)
        {
            if (db.Database.GetTable(entry.Key) is not { } table || entry.Value is not JsonObject rows)
            {
                return new OvsdbError(OvsdbErrorTags.SyntaxError, $"bad table update for {entry.Key}");
            }

            foreach (KeyValuePair<string, JsonValue> row in rows)
            {
                if (!Guid.TryParse(row.Key, out Guid uuid) || row.Value is not JsonObject { Count: 1 } change
                    || ApplyRow(txn, table, uuid, change.First()) is { } error)
                {
                    return new OvsdbError(OvsdbErrorTags.SyntaxError, $"bad row update for {entry.Key} row {row.Key}");
                }
            }
        }

        if (!txn.HasChanges)
        {
            return null;
        }

        return txn.Precommit(out TxnChanges changes) ?? server.Commit(db, txn, changes, durable: false, txnId);
    }

    private static OvsdbError? ApplyRow(Transaction txn, Table table, Guid uuid, KeyValuePair<string, JsonValue> change)
    {
        Row? current = txn.Find(table, uuid);
        switch (change.Key)
        {
            case "initial" or "insert" when change.Value is JsonObject values:
                Row inserted = current is null ? txn.Insert(table, uuid) : txn.Modify(table, current);
                return SetColumns(table, inserted, values, diff: false);
            case "modify" when change.Value is JsonObject diff && current is not null:
                return SetColumns(table, txn.Modify(table, current), diff, diff: true);
            case "delete":
                if (current is not null)
                {
                    txn.Delete(table, current);
                }

                return null;
            default:
                return new OvsdbError(OvsdbErrorTags.SyntaxError, $"unknown row update {change.Key}");
        }
    }

    private static OvsdbError? SetColumns(Table table, Row row, JsonObject values, bool diff)
    {
        foreach (KeyValuePair<string, JsonValue> column in values)
        {
            // _version belongs to the remote server; the relay's commit gives rows versions of its own.
            if (table.Schema.GetColumn(column.Key) is not { } schema || schema.Index < 2)
            {
                continue;
            }

            // A column with at most one value carries its new value even in a "modify"; sets and maps carry a
            // diff.
            OvsdbType type = schema.Type;
            OvsdbError? error = diff && type.Max != 1
                ? ApplyDiff(row.Values[schema.Index], column.Value, type, out Datum result)
                : Datum.TryFromJson(column.Value, type, null, out result);
            if (error is not null)
            {
                return error;
            }

            row.Values[schema.Index] = result;
        }

        return null;
    }

    /// <summary>A diff may hold more elements than the column allows, so it is parsed with unlimited size.</summary>
    private static OvsdbError? ApplyDiff(Datum old, JsonValue json, OvsdbType type, out Datum result)
    {
        result = old;
        return Datum.TryFromJson(json, type.WithCounts(0, OvsdbType.Unlimited), null, out Datum diff)
            ?? Datum.ApplyDiff(old, diff, type, out result);
    }
}
