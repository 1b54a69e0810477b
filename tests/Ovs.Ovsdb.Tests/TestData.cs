// Locates and loads the golden files under tests/testdata/ovsdb, recorded from the Debian OVS 3.1.0 binaries by
// tests/testdata/ovsdb/record.py.
using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

internal static class TestData
{
    private static readonly Lazy<string> s_root = new(FindRoot);
    private static readonly Dictionary<string, JsonValue> s_cache = new(StringComparer.Ordinal);
    private static readonly Lock s_lock = new();

    public static string RepoRoot => s_root.Value;

    public static string OvsdbFile(string name) => Path.Combine(RepoRoot, "tests", "testdata", "ovsdb", name);

    public static JsonValue Load(string name)
    {
        lock (s_lock)
        {
            if (!s_cache.TryGetValue(name, out JsonValue? value))
            {
                value = JsonParser.Parse(File.ReadAllText(OvsdbFile(name)));
                s_cache[name] = value;
            }

            return value;
        }
    }

    /// <summary>The case indexes of a golden file that holds an array (or an object with a "cases" array).</summary>
    public static IEnumerable<object[]> Indexes(string name)
    {
        JsonValue json = Load(name);
        JsonArray cases = json as JsonArray ?? json.AsObject()["cases"]!.AsArray();
        return Enumerable.Range(0, cases.Count).Select(i => new object[] { i });
    }

    public static JsonObject Case(string name, int index)
    {
        JsonValue json = Load(name);
        JsonArray cases = json as JsonArray ?? json.AsObject()["cases"]!.AsArray();
        return cases[index].AsObject();
    }

    public static DatabaseSchema TypeTestSchema()
    {
        OvsdbError? error = DatabaseSchema.TryParse(File.ReadAllText(OvsdbFile("typetest.ovsschema")), out DatabaseSchema schema);
        Assert.Null(error);
        return schema;
    }

    /// <summary>A row of <paramref name="table"/>: defaults, overridden by the members of <paramref name="row"/>.</summary>
    public static Datum[] Row(TableSchema table, JsonObject row)
    {
        var fields = new Datum[table.Columns.Count];
        foreach (ColumnSchema column in table.Columns)
        {
            fields[column.Index] = Datum.Default(column.Type);
        }

        foreach (KeyValuePair<string, JsonValue> member in row)
        {
            ColumnSchema column = table.GetColumn(member.Key)!;
            Assert.Null(Datum.TryFromJson(member.Value, column.Type, null, out fields[column.Index]));
        }

        return fields;
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>A symbol table for tests: each new name gets the next of a fixed series of UUIDs.</summary>
internal sealed class TestSymbolTable : IOvsdbSymbolTable
{
    private readonly Dictionary<string, Guid> _symbols = new(StringComparer.Ordinal);

    public List<(string Name, RefType? Ref)> Uses { get; } = [];

    public Guid Resolve(string name, BaseType type)
    {
        Uses.Add((name, type.IsReference ? type.RefType : null));
        if (!_symbols.TryGetValue(name, out Guid uuid))
        {
            uuid = new Guid($"00000000-0000-0000-0000-{_symbols.Count + 1:x12}");
            _symbols.Add(name, uuid);
        }

        return uuid;
    }
}

/// <summary>
/// Compares JSON as upstream would print it with sorted members: member order is ignored, and a real that prints
/// as an integer ("2") equals that integer, as it does on the wire.
/// </summary>
internal static class AssertJson
{
    public static void Equal(JsonValue expected, JsonValue actual) =>
        Assert.Equal(expected.ToString(JsonWriteOptions.Sort), actual.ToString(JsonWriteOptions.Sort));
}
