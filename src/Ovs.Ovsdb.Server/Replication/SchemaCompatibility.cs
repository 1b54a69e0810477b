// Upstream: ovsdb/replication.c, the schema check made before monitoring a database (OVS 3.1)
//
// A backup replicates a database of the active server only if it serves a database of the same name whose schema
// can hold everything the active one sends: equal schemas, or a local schema that has every table of the remote
// one and, in each, every remote column with the same type (a newer local schema may add tables and columns).
namespace Ovs.Ovsdb.Server.Replication;

internal static class SchemaCompatibility
{
    /// <summary>True if rows of <paramref name="remote"/> fit in <paramref name="local"/>.</summary>
    public static bool CanReplicate(DatabaseSchema local, DatabaseSchema remote)
    {
        foreach (TableSchema remoteTable in remote.Tables)
        {
            if (local.GetTable(remoteTable.Name) is not { } localTable)
            {
                return false;
            }

            foreach (ColumnSchema remoteColumn in remoteTable.UserColumns)
            {
                if (localTable.GetColumn(remoteColumn.Name) is not { } localColumn
                    || !localColumn.Type.Equals(remoteColumn.Type))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
