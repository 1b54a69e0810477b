// Upstream: ovsdb/mutation.c, struct ovsdb_mutation_set (OVS 3.1)
//
// The mutations of one "mutate" operation, applied in order to the same row (a later mutation sees the result of
// an earlier one on the same column). Applying is all-or-nothing: on error the caller's row is left unchanged.
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>An ordered list of mutations for one table.</summary>
public sealed class MutationSet
{
    private readonly Mutation[] _mutations;

    public MutationSet(IEnumerable<Mutation> mutations)
    {
        _mutations = [.. mutations];
    }

    public IReadOnlyList<Mutation> Mutations => _mutations;

    /// <summary>Parses a JSON array of mutations for <paramref name="table"/>. Returns null on success.</summary>
    public static OvsdbError? TryFromJson(TableSchema table, JsonValue json, IOvsdbSymbolTable? symbols, out MutationSet mutations)
    {
        mutations = new MutationSet([]);
        if (json is not JsonArray array)
        {
            return OvsdbError.SyntaxError(json, null, "Parse error in mutation.");
        }

        var list = new List<Mutation>(array.Count);
        foreach (JsonValue item in array)
        {
            if (Mutation.TryFromJson(table, item, symbols, out Mutation? mutation) is { } error)
            {
                return error;
            }

            list.Add(mutation!);
        }

        mutations = new MutationSet(list);
        return null;
    }

    /// <summary>
    /// Applies every mutation to a row whose column values are indexed by <see cref="ColumnSchema.Index"/>. On
    /// success <paramref name="fields"/> holds the new values; on error it is unchanged.
    /// </summary>
    public OvsdbError? Apply(Span<Datum> fields)
    {
        Datum[] scratch = fields.ToArray();
        foreach (Mutation mutation in _mutations)
        {
            int i = mutation.Column.Index;
            if (mutation.Apply(scratch[i], out Datum result) is { } error)
            {
                return error;
            }

            scratch[i] = result;
        }

        scratch.CopyTo(fields);
        return null;
    }

    public JsonArray ToJson()
    {
        var json = new JsonArray();
        foreach (Mutation mutation in _mutations)
        {
            json.Add(mutation.ToJson());
        }

        return json;
    }
}
