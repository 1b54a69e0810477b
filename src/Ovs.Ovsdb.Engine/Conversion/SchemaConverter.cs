// Upstream: ovsdb/ovsdb.c and ovsdb/file.c, ovsdb_convert() (OVS 3.1)
//
// Converts a database's contents to a new schema, as "ovsdb-tool convert" and the server's online conversion do.
// Every table of the new schema that the old one also has keeps its rows, with their UUIDs; a column present in
// both schemas keeps its value, converted to the new column type by writing it as JSON under the old type and
// reading that JSON back under the new one, so a value converts exactly when its JSON notation is valid for the
// new type (an integer becomes a real, a scalar a one-element set, a short enough set a scalar...) and otherwise
// the conversion fails with the parse error (for example 'syntax "\"a\"": syntax error: expected integer', or a
// constraint violation for a value outside a new enum). Columns only in the new schema take their defaults;
// tables and columns only in the old schema are dropped. Like upstream's tool, no table-level constraints
// (indexes, maxRows, referential integrity) are re-checked here.
namespace Ovs.Ovsdb.Engine.Conversion;

internal static class SchemaConverter
{
    public static OvsdbError? Convert(DatabaseContents source, DatabaseSchema newSchema, out DatabaseContents result)
    {
        result = new DatabaseContents(newSchema);
        foreach (TableSchema newTable in newSchema.Tables)
        {
            if (!source.Schema.TryGetTable(newTable.Name, out TableSchema? oldTable))
            {
                continue;
            }

            foreach (KeyValuePair<Guid, Dictionary<string, Datum>> row in source.Rows(newTable.Name))
            {
                var columns = new Dictionary<string, Datum>(StringComparer.Ordinal);
                foreach (ColumnSchema newColumn in newTable.UserColumns)
                {
                    if (!oldTable.TryGetColumn(newColumn.Name, out ColumnSchema? oldColumn)
                        || !row.Value.TryGetValue(newColumn.Name, out Datum? oldDatum))
                    {
                        continue;
                    }

                    OvsdbError? error = ConvertDatum(oldDatum, oldColumn.Type, newColumn.Type, out Datum converted);
                    if (error is not null)
                    {
                        return error;
                    }

                    columns.Add(newColumn.Name, converted);
                }

                result.AddRow(newTable.Name, row.Key, columns);
            }
        }

        return null;
    }

    /// <summary>Converts one value between column types through its JSON notation.</summary>
    public static OvsdbError? ConvertDatum(Datum datum, OvsdbType oldType, OvsdbType newType, out Datum converted)
    {
        if (oldType.Equals(newType))
        {
            converted = datum;
            return null;
        }

        return Datum.TryFromJson(datum.ToJson(oldType), newType, null, out converted);
    }
}
