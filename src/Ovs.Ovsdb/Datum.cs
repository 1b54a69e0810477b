// Upstream: lib/ovsdb-data.c, struct ovsdb_datum (OVS 3.1)
//
// A datum is the value of one column: a set of atoms, or a map from key atoms to value atoms. Invariants: keys
// are sorted in Atom order and unique; a map has exactly one value per key (parallel arrays); instances are
// immutable and may be shared freely between rows, transactions and threads. Every operation that "changes" a
// datum returns a new one. A scalar column holds a datum with one key.
//
// A datum does not carry its column type. Operations whose result depends on it (JSON and display forms,
// defaults, constraint checks) take an OvsdbType, as upstream's functions do. A map datum keeps a (possibly
// empty) values array so that maps and sets are told apart even when empty.
namespace Ovs.Ovsdb;

/// <summary>A set or map of atoms: the value of one column.</summary>
public sealed partial class Datum : IEquatable<Datum>, IComparable<Datum>
{
    public static readonly Datum EmptySet = new([], null);

    public static readonly Datum EmptyMap = new([], []);

    private readonly Atom[] _keys;
    private readonly Atom[]? _values;

    /// <summary>Wraps arrays that already satisfy the invariants (sorted, unique keys). Takes ownership.</summary>
    private Datum(Atom[] keys, Atom[]? values)
    {
        _keys = keys;
        _values = values;
    }

    public int Count => _keys.Length;

    public bool IsEmpty => _keys.Length == 0;

    /// <summary>True if this datum was built as a map (it then has a value per key).</summary>
    public bool IsMap => _values is not null;

    public ReadOnlySpan<Atom> Keys => _keys;

    /// <summary>The values of a map, parallel to <see cref="Keys"/>; empty for a set.</summary>
    public ReadOnlySpan<Atom> Values => _values;

    /// <summary>A datum holding one atom (the value of a scalar column).</summary>
    public static Datum Scalar(Atom atom) => new([atom], null);

    /// <summary>A one-pair map.</summary>
    public static Datum Pair(Atom key, Atom value) => new([key], [value]);

    public static Datum Empty(OvsdbType type) => type.IsMap ? EmptyMap : EmptySet;

    /// <summary>A set of <paramref name="atoms"/>, sorted, with duplicates dropped.</summary>
    public static Datum CreateSet(IEnumerable<Atom> atoms)
    {
        Atom[] keys = [.. atoms];
        Array.Sort(keys);
        return new Datum(DropDuplicates(keys), null);
    }

    /// <summary>A map of <paramref name="pairs"/>, sorted by key; for a repeated key the first pair wins.</summary>
    public static Datum CreateMap(IEnumerable<KeyValuePair<Atom, Atom>> pairs)
    {
        // OrderBy is a stable sort, so of several pairs with equal keys the first one given comes first.
        KeyValuePair<Atom, Atom>[] ordered = [.. pairs.OrderBy(p => p.Key)];
        var keys = new List<Atom>(ordered.Length);
        var values = new List<Atom>(ordered.Length);
        foreach (KeyValuePair<Atom, Atom> pair in ordered)
        {
            if (keys.Count == 0 || keys[^1] != pair.Key)
            {
                keys.Add(pair.Key);
                values.Add(pair.Value);
            }
        }

        return new Datum([.. keys], [.. values]);
    }

    /// <summary>
    /// The default value of <paramref name="type"/> (RFC 7047 section 5.1): empty if Min is 0, otherwise one default
    /// key (and value).
    /// </summary>
    public static Datum Default(OvsdbType type)
    {
        if (type.Min == 0)
        {
            return Empty(type);
        }

        Atom key = Atom.Default(type.Key.Type);
        return type.IsMap ? Pair(key, Atom.Default(type.Value.Type)) : Scalar(key);
    }

    /// <summary>True if this is <see cref="Default(OvsdbType)"/> of <paramref name="type"/>.</summary>
    public bool IsDefault(OvsdbType type)
    {
        if (type.Min == 0)
        {
            return IsEmpty;
        }

        return Count == 1 && _keys[0].IsDefault && (_values is null || _values[0].IsDefault);
    }

    /// <summary>The index of <paramref name="key"/> in <see cref="Keys"/>, or a negative number if absent.</summary>
    public int IndexOfKey(in Atom key) => Array.BinarySearch(_keys, key);

    public bool ContainsKey(in Atom key) => IndexOfKey(key) >= 0;

    /// <summary>Looks up a map value by key.</summary>
    public bool TryGetValue(in Atom key, out Atom value)
    {
        int i = IndexOfKey(key);
        value = i >= 0 && _values is not null ? _values[i] : default;
        return i >= 0 && _values is not null;
    }

    /// <summary>True if the element is present: for a map the key with this value, for a set the key.</summary>
    public bool Contains(in Atom key, in Atom? value)
    {
        int i = IndexOfKey(key);
        return i >= 0 && (_values is null || value is null || _values[i] == value.Value);
    }

    /// <summary>True if Count is within the bounds of <paramref name="type"/>.</summary>
    public bool ConformsTo(OvsdbType type) => (uint)Count >= type.Min && (uint)Count <= type.Max;

    /// <summary>Checks every key (and value) against the constraints of <paramref name="type"/>. Null means OK.</summary>
    public OvsdbError? CheckConstraints(OvsdbType type)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            if (type.Key.CheckConstraints(_keys[i]) is { } error)
            {
                return error;
            }

            if (_values is not null && type.IsMap && type.Value.CheckConstraints(_values[i]) is { } valueError)
            {
                return valueError;
            }
        }

        return null;
    }

    /// <summary>Upstream's datum order: by element count, then keys, then values.</summary>
    public int CompareTo(Datum? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (Count != other.Count)
        {
            return Count < other.Count ? -1 : 1;
        }

        int c = ((ReadOnlySpan<Atom>)_keys).SequenceCompareTo(other._keys);
        return c != 0 || _values is null || other._values is null ? c : ((ReadOnlySpan<Atom>)_values).SequenceCompareTo(other._values);
    }

    public bool Equals(Datum? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => Equals(obj as Datum);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (Atom key in _keys)
        {
            hash.Add(key);
        }

        foreach (Atom value in Values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>A display form guessing the type from the contents (for debugging); prefer the typed overload.</summary>
    public override string ToString() =>
        ToDisplayString(new OvsdbType(BaseType.String, IsMap ? BaseType.String : null, 0, OvsdbType.Unlimited));

    private static Atom[] DropDuplicates(Atom[] sorted)
    {
        if (sorted.Length < 2)
        {
            return sorted;
        }

        int n = 1;
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[n - 1])
            {
                sorted[n++] = sorted[i];
            }
        }

        return n == sorted.Length ? sorted : sorted[..n];
    }
}
