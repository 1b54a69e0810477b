// Upstream: ovsdb/table.c ovsdb_table_schema_from_json(), ovsdb/column.c ovsdb_column_set_from_json() (OVS 3.1)
using Ovs.Json;

namespace Ovs.Ovsdb;

public sealed partial class TableSchema
{
    /// <summary>Parses the schema of table <paramref name="name"/>. Returns null on success.</summary>
    public static OvsdbError? TryFromJson(JsonValue json, string name, out TableSchema table)
    {
        try
        {
            table = FromJson(json, name);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            table = new TableSchema(name);
            return e.Error;
        }
    }

    internal static TableSchema FromJson(JsonValue json, string name)
    {
        var parser = new OvsdbParser(json, $"table schema for table {name}");
        JsonValue? columnsJson = parser.Member("columns", MemberTypes.Object);
        JsonValue? maxRowsJson = parser.Member("maxRows", MemberTypes.Integer | MemberTypes.Optional);
        JsonValue? isRootJson = parser.Member("isRoot", MemberTypes.Boolean | MemberTypes.Optional);
        JsonValue? indexesJson = parser.Member("indexes", MemberTypes.Array | MemberTypes.Optional);
        parser.FinishOrThrow();

        uint maxRows = Unlimited;
        if (maxRowsJson is not null)
        {
            long n = maxRowsJson.AsInteger();
            maxRows = n <= 0 ? throw Syntax(json, "maxRows must be at least 1") : (uint)Math.Min(n, uint.MaxValue);
        }

        var columns = (JsonObject)columnsJson!;
        if (columns.Count == 0)
        {
            throw Syntax(json, "table must have at least one column");
        }

        var table = new TableSchema(name, isRootJson?.AsBoolean() ?? false, maxRows);
        foreach (KeyValuePair<string, JsonValue> member in columns)
        {
            if (member.Key.StartsWith('_'))
            {
                throw Syntax(json, "names beginning with \"_\" are reserved");
            }

            if (!AtomicTypes.IsId(member.Key))
            {
                throw Syntax(json, "name must be a valid id");
            }

            table.AddColumn(ColumnSchema.FromJson(member.Value, member.Key));
        }

        if (indexesJson is JsonArray indexes)
        {
            foreach (JsonValue indexJson in indexes)
            {
                IReadOnlyList<ColumnSchema> index = table.ParseColumnSet(indexJson);
                if (index.Count == 0)
                {
                    throw Syntax(json, "index must have at least one column");
                }

                foreach (ColumnSchema column in index)
                {
                    if (!column.Persistent)
                    {
                        throw Syntax(json, $"ephemeral columns (such as {column.Name}) may not be indexed");
                    }
                }

                table.AddIndex(index);
            }
        }

        return table;
    }

    /// <summary>
    /// Parses a JSON array of distinct column names of this table (the "columns" of select or monitor requests,
    /// and each index). Returns null on success.
    /// </summary>
    public OvsdbError? TryParseColumnSet(JsonValue json, out IReadOnlyList<ColumnSchema> columns)
    {
        try
        {
            columns = ParseColumnSet(json);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            columns = [];
            return e.Error;
        }
    }

    internal IReadOnlyList<ColumnSchema> ParseColumnSet(JsonValue json)
    {
        if (json is not JsonArray names)
        {
            throw Syntax(json, "array of distinct column names expected");
        }

        var result = new List<ColumnSchema>(names.Count);
        foreach (JsonValue nameJson in names)
        {
            if (nameJson is not JsonString name)
            {
                throw Syntax(json, "array of distinct column names expected");
            }

            ColumnSchema column = GetColumn(name.Value) ?? throw Syntax(json, $"{name.Value} is not a valid column name");
            if (result.Contains(column))
            {
                throw Syntax(json, "array of distinct column names expected");
            }

            result.Add(column);
        }

        return result;
    }

    private static OvsdbErrorException Syntax(JsonValue json, string details) =>
        new(OvsdbError.SyntaxError(json, null, details));
}
