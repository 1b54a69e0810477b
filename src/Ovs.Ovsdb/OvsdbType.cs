// Upstream: lib/ovsdb-types.c, struct ovsdb_type (OVS 3.1)
//
// A column type (RFC 7047 <type>): a key base type, an optional value base type (present for maps, Void for
// sets and scalars) and the element count bounds Min (0 or 1) and Max (at least 1, Unlimited for no bound).
// A scalar is exactly one key with no value; an "optional scalar" is 0 or 1 key. Instances are immutable.
using System.Globalization;
using System.Text;

namespace Ovs.Ovsdb;

/// <summary>The type of a column: key type, optional value type, and element count bounds.</summary>
public sealed partial class OvsdbType : IEquatable<OvsdbType>
{
    /// <summary>The <see cref="Max"/> of a type declared with "max": "unlimited".</summary>
    public const uint Unlimited = uint.MaxValue;

    public static readonly OvsdbType Integer = new(BaseType.Integer);
    public static readonly OvsdbType Real = new(BaseType.Real);
    public static readonly OvsdbType Boolean = new(BaseType.Boolean);
    public static readonly OvsdbType String = new(BaseType.String);
    public static readonly OvsdbType Uuid = new(BaseType.Uuid);

    public OvsdbType(BaseType key, BaseType? value = null, uint min = 1, uint max = 1)
    {
        Key = key;
        Value = value ?? BaseType.Void;
        Min = min;
        Max = max;
    }

    public BaseType Key { get; }

    /// <summary>The value type of a map; <see cref="BaseType.Void"/> for sets and scalars.</summary>
    public BaseType Value { get; }

    public uint Min { get; }

    public uint Max { get; }

    public bool IsMap => Value.Type != AtomicType.Void;

    public bool IsScalar => Min == 1 && Max == 1 && !IsMap;

    public bool IsOptional => Min == 0 && Max == 1;

    public bool IsOptionalScalar => Min == 0 && Max == 1 && !IsMap;

    /// <summary>A set in the sense of upstream's ovsdb_type_is_set: not a map and more than a plain scalar.</summary>
    public bool IsSet => !IsMap && (Min != 1 || Max != 1);

    /// <summary>True if a value of this type can hold more than one element.</summary>
    public bool IsComposite => Max > 1;

    /// <summary>Upstream's validity rule: a real key type, coherent base types, Min ≤ 1 and Max ≥ 1.</summary>
    public bool IsValid => Key.Type != AtomicType.Void && Key.IsValid && Value.IsValid && Min <= 1 && Max >= 1;

    /// <summary>A copy with different element count bounds.</summary>
    public OvsdbType WithCounts(uint min, uint max) => new(Key, Value, min, max);

    /// <summary>A copy with a different key base type.</summary>
    public OvsdbType WithKey(BaseType key) => new(key, Value, Min, Max);

    /// <summary>A copy with a different value base type (Void makes a set of the keys).</summary>
    public OvsdbType WithValue(BaseType value) => new(Key, value, Min, Max);

    /// <summary>Plain English, as in upstream error messages: "integer", "set of up to 5 strings", ...</summary>
    public string ToEnglish()
    {
        string key = Key.Type.ToName();
        if (IsScalar)
        {
            return key;
        }

        var sb = new StringBuilder(IsMap ? "map" : "set");
        if (Max == Unlimited)
        {
            sb.Append(Min != 0 ? string.Create(CultureInfo.InvariantCulture, $" of {Min} or more") : " of");
        }
        else if (Min != 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $" of {Min} to {Max}");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $" of up to {Max}");
        }

        if (IsMap)
        {
            sb.Append(" (").Append(key).Append(", ").Append(Value.Type.ToName()).Append(") pairs");
        }
        else
        {
            sb.Append(' ').Append(key).Append('s');
        }

        return sb.ToString();
    }

    public bool Equals(OvsdbType? other) =>
        other is not null && Key.Equals(other.Key) && Value.Equals(other.Value) && Min == other.Min && Max == other.Max;

    public override bool Equals(object? obj) => Equals(obj as OvsdbType);

    public override int GetHashCode() => HashCode.Combine(Key, Value, Min, Max);

    public override string ToString() => ToJson().ToString();
}
