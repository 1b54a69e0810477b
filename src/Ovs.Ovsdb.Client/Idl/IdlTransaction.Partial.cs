// Upstream: lib/ovsdb-idl.c, ovsdb_idl_txn_write_partial_map() and friends, ovsdb_idl_txn_extract_mutations()
// (OVS 3.1)
//
// Partial updates change single elements of a set or map column without rewriting the column: at commit they
// become one "mutate" operation per row ("delete" of keys, then "insert" of elements), so concurrent changes to
// other elements survive and no "wait" is needed. They are not visible to readers before the commit. Several
// operations on the same key collapse: an insert followed by a delete cancels out, otherwise the later one wins.
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Client.Idl;

public sealed partial class IdlTransaction
{
    private enum PartialKind
    {
        Insert,
        Update,
        Delete,
    }

    private sealed record PartialOp(PartialKind Kind, Atom Key, Atom? Value);

    private readonly Dictionary<IdlRow, SortedDictionary<int, List<PartialOp>>> _mapOps = [];
    private readonly Dictionary<IdlRow, SortedDictionary<int, List<PartialOp>>> _setOps = [];

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> in map column <paramref name="column"/>.</summary>
    public void WritePartialMap(IdlRow row, ColumnSchema column, Atom key, Atom value)
    {
        PartialKind kind = row.Get(column).ContainsKey(key) ? PartialKind.Update : PartialKind.Insert;
        AddPartial(_mapOps, row, column, new PartialOp(kind, key, value));
    }

    /// <summary>Removes <paramref name="key"/> from map column <paramref name="column"/>.</summary>
    public void DeletePartialMap(IdlRow row, ColumnSchema column, Atom key) =>
        AddPartial(_mapOps, row, column, new PartialOp(PartialKind.Delete, key, null));

    /// <summary>Adds <paramref name="element"/> to set column <paramref name="column"/>.</summary>
    public void WritePartialSet(IdlRow row, ColumnSchema column, Atom element) =>
        AddPartial(_setOps, row, column, new PartialOp(PartialKind.Insert, element, null));

    /// <summary>Removes <paramref name="element"/> from set column <paramref name="column"/>.</summary>
    public void DeletePartialSet(IdlRow row, ColumnSchema column, Atom element) =>
        AddPartial(_setOps, row, column, new PartialOp(PartialKind.Delete, element, null));

    private void AddPartial(Dictionary<IdlRow, SortedDictionary<int, List<PartialOp>>> all, IdlRow row, ColumnSchema column, PartialOp op)
    {
        if (!all.TryGetValue(row, out SortedDictionary<int, List<PartialOp>>? columns))
        {
            columns = [];
            all[row] = columns;
        }

        if (!columns.TryGetValue(column.Index, out List<PartialOp>? ops))
        {
            ops = [];
            columns[column.Index] = ops;
        }

        int previous = ops.FindIndex(o => o.Key == op.Key);
        if (previous < 0)
        {
            ops.Add(op);
        }
        else if (ops[previous].Kind == PartialKind.Insert && op.Kind == PartialKind.Delete)
        {
            ops.RemoveAt(previous);
        }
        else
        {
            ops[previous] = op;
        }

        Track(row);
    }

    /// <summary>The "mutate" operation for <paramref name="row"/>'s partial updates, or null if there are none.</summary>
    private JsonObject? BuildMutations(IdlRow row)
    {
        var mutations = new JsonArray();
        if (_mapOps.TryGetValue(row, out SortedDictionary<int, List<PartialOp>>? maps))
        {
            foreach ((int index, List<PartialOp> ops) in maps)
            {
                ColumnSchema column = row.Table.Schema.Columns[index];
                Datum old = row.New?[index] ?? row.Old?[index] ?? Datum.Default(column.Type);
                var deletes = new JsonArray();
                var inserts = new JsonArray();
                foreach (PartialOp op in ops)
                {
                    if (op.Kind == PartialKind.Update && old.TryGetValue(op.Key, out Atom current) && current == op.Value!.Value)
                    {
                        continue;
                    }

                    if (op.Kind == PartialKind.Delete && !old.ContainsKey(op.Key))
                    {
                        s_log.Warn("Trying to delete a key that doesn't exist in the map.");
                        continue;
                    }

                    if (op.Kind == PartialKind.Insert)
                    {
                        inserts.Add(new JsonArray(op.Key.ToJson(), op.Value!.Value.ToJson()));
                    }
                    else
                    {
                        deletes.Add(op.Key.ToJson());
                    }

                    if (op.Kind == PartialKind.Update)
                    {
                        inserts.Add(new JsonArray(op.Key.ToJson(), op.Value!.Value.ToJson()));
                    }
                }

                AddMutation(mutations, column.Name, "delete", "set", deletes);
                AddMutation(mutations, column.Name, "insert", "map", inserts);
            }
        }

        if (_setOps.TryGetValue(row, out SortedDictionary<int, List<PartialOp>>? sets))
        {
            foreach ((int index, List<PartialOp> ops) in sets)
            {
                ColumnSchema column = row.Table.Schema.Columns[index];
                Datum old = row.New?[index] ?? row.Old?[index] ?? Datum.Default(column.Type);
                var deletes = new JsonArray();
                var inserts = new JsonArray();
                foreach (PartialOp op in ops)
                {
                    if (op.Kind == PartialKind.Insert)
                    {
                        inserts.Add(op.Key.ToJson());
                    }
                    else if (!old.ContainsKey(op.Key))
                    {
                        s_log.Warn("Trying to delete a key that doesn't exist in the set.");
                    }
                    else
                    {
                        deletes.Add(op.Key.ToJson());
                    }
                }

                AddMutation(mutations, column.Name, "delete", "set", deletes);
                AddMutation(mutations, column.Name, "insert", "set", inserts);
            }
        }

        if (mutations.Count == 0)
        {
            return null;
        }

        return (JsonObject)Substitute(new JsonObject
        {
            { "op", "mutate" }, { "table", row.Table.Name }, { "where", WhereUuid(row.Uuid) }, { "mutations", mutations },
        });
    }

    private static void AddMutation(JsonArray mutations, string column, string mutator, string tag, JsonArray elements)
    {
        if (elements.Count > 0)
        {
            mutations.Add(new JsonArray(column, mutator, new JsonArray(tag, elements)));
        }
    }
}
