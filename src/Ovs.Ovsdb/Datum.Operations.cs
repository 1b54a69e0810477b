// Upstream: lib/ovsdb-data.c, ovsdb_datum_union(), _subtract(), _includes_all(), _excludes_all(), _diff() and
// _apply_diff() (OVS 3.1)
//
// Set algebra on sorted arrays, each a single merge pass. For maps, "element" means a key-value pair, except in
// Union (an existing key keeps its value, so inserting a pair never overwrites) and in Subtract with a keys-only
// argument (the "delete" mutation may name map keys without values).
//
// Diffs (ovsdb-server(7), update2 "modify"; also the on-disk "_is_diff" records): for a set the diff is the
// symmetric difference; for a map it holds every key whose pair changed, with the new value, or the old value when
// the key was removed. Applying a diff is the same merge: pairs equal in both cancel, a key only in one side is
// kept, and a key in both with different values takes the diff's value. Columns that hold at most one element
// (scalars and optional scalars) have no diff: their "diff" is the new value, which is what ovsdb-tool writes in
// "_is_diff" records for such columns.
namespace Ovs.Ovsdb;

public sealed partial class Datum
{
    /// <summary>Adds the elements of <paramref name="other"/> whose keys are not already present.</summary>
    public Datum Union(Datum other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        var keys = new List<Atom>(Count + other.Count);
        List<Atom>? values = _values is not null || other._values is not null ? new(Count + other.Count) : null;
        int i = 0;
        int j = 0;
        while (i < Count || j < other.Count)
        {
            int c = i >= Count ? 1 : j >= other.Count ? -1 : Atom.Compare(_keys[i], other._keys[j]);
            if (c <= 0)
            {
                keys.Add(_keys[i]);
                values?.Add(_values![i]);
                i++;
                j += c == 0 ? 1 : 0;
            }
            else
            {
                keys.Add(other._keys[j]);
                values?.Add(other._values![j]);
                j++;
            }
        }

        return new Datum([.. keys], values is null ? null : [.. values]);
    }

    /// <summary>
    /// Removes the elements of <paramref name="other"/>. If <paramref name="other"/> is a map, a pair is removed only
    /// when both key and value match; if it is a set, matching keys are removed whatever their values.
    /// </summary>
    public Datum Subtract(Datum other)
    {
        if (other.IsEmpty || IsEmpty)
        {
            return this;
        }

        var keys = new List<Atom>(Count);
        List<Atom>? values = _values is null ? null : new(Count);
        for (int i = 0; i < Count; i++)
        {
            int k = other.IndexOfKey(_keys[i]);
            bool remove = k >= 0 && (other._values is null || _values is null || other._values[k] == _values[i]);
            if (!remove)
            {
                keys.Add(_keys[i]);
                values?.Add(_values![i]);
            }
        }

        return keys.Count == Count ? this : new Datum([.. keys], values is null ? null : [.. values]);
    }

    /// <summary>True if every element of <paramref name="subset"/> is in <paramref name="superset"/>.</summary>
    public static bool IncludesAll(Datum subset, Datum superset)
    {
        for (int i = 0; i < subset.Count; i++)
        {
            if (!superset.Contains(subset._keys[i], subset._values is null ? null : subset._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True if no element of <paramref name="a"/> is in <paramref name="b"/>.</summary>
    public static bool ExcludesAll(Datum a, Datum b)
    {
        for (int i = 0; i < a.Count; i++)
        {
            if (b.Contains(a._keys[i], a._values is null ? null : a._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The diff that turns <paramref name="oldDatum"/> into <paramref name="newDatum"/> (see file comment).</summary>
    public static Datum Diff(Datum oldDatum, Datum newDatum, OvsdbType type) =>
        type.IsComposite ? Merge(oldDatum, newDatum) : newDatum;

    /// <summary>
    /// Applies <paramref name="diff"/> to <paramref name="oldDatum"/>. Fails with "Datum crosses max/min" (tag
    /// "ovsdb error") if the result's element count does not fit <paramref name="type"/>.
    /// </summary>
    public static OvsdbError? ApplyDiff(Datum oldDatum, Datum diff, OvsdbType type, out Datum result)
    {
        result = type.IsComposite ? Merge(oldDatum, diff) : diff;
        if (!result.ConformsTo(type))
        {
            result = oldDatum;
            return OvsdbError.Create(null, "Datum crosses max/min");
        }

        return null;
    }

    /// <summary>The symmetric merge shared by Diff and ApplyDiff.</summary>
    private static Datum Merge(Datum a, Datum b)
    {
        var keys = new List<Atom>(a.Count + b.Count);
        bool isMap = a._values is not null || b._values is not null;
        List<Atom>? values = isMap ? new(a.Count + b.Count) : null;
        int i = 0;
        int j = 0;
        while (i < a.Count || j < b.Count)
        {
            int c = i >= a.Count ? 1 : j >= b.Count ? -1 : Atom.Compare(a._keys[i], b._keys[j]);
            if (c < 0)
            {
                keys.Add(a._keys[i]);
                values?.Add(a._values![i]);
                i++;
            }
            else if (c > 0)
            {
                keys.Add(b._keys[j]);
                values?.Add(b._values![j]);
                j++;
            }
            else
            {
                if (isMap && a._values![i] != b._values![j])
                {
                    keys.Add(b._keys[j]);
                    values!.Add(b._values[j]);
                }

                i++;
                j++;
            }
        }

        return new Datum([.. keys], values is null ? null : [.. values]);
    }
}
