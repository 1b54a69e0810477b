// Upstream: ovsdb/ovsdb.c and ovsdb/file.c, ovsdb_convert() as ovsdb-server's online "convert" uses it (OVS 3.1)
//
// Schema conversion of a live, in-memory Database, for the server's online conversion: the database is taken as
// a snapshot record, converted by SchemaConverter (the same rules as "ovsdb-tool convert"), and replayed into a
// new Database through a Transaction, so the new database's reference counts and indexes are built by the same
// code as ordinary commits and a result that breaks the new schema's rules (for example referential integrity)
// is refused with the commit's error. The source database is not modified. Runs on the owner's thread.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Storage;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Conversion;

internal static class DatabaseConverter
{
    /// <summary>Builds a copy of <paramref name="source"/> converted to <paramref name="newSchema"/>.</summary>
    public static OvsdbError? Convert(Database source, DatabaseSchema newSchema, out Database? converted)
    {
        converted = null;
        var contents = new DatabaseContents(source.Schema);
        OvsdbError? error = contents.Apply(TxnRecord.Snapshot(source, 0, null))
            ?? SchemaConverter.Convert(contents, newSchema, out contents);
        if (error is not null)
        {
            return error;
        }

        var result = new Database(newSchema);
        JsonObject record = contents.ToRecord(null, DateTimeOffset.UnixEpoch);
        var transaction = new Transaction(result);
        error = TxnRecord.Replay(transaction, record) ?? transaction.Precommit(out _);
        if (error is not null)
        {
            return error;
        }

        transaction.Apply();
        converted = result;
        return null;
    }
}
