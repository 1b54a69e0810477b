// Upstream: lib/ovsdb-types.c, struct ovsdb_base_type (OVS 3.1)
//
// A base type is an atomic type plus optional constraints (RFC 7047 section 3.2 <base-type>). Defaults mean "no
// constraint": the full long/double range, lengths 0 to uint.MaxValue, no enum, no reference. An enum replaces the
// range constraints (a schema with "enum" ignores min/max members, as upstream does). Instances are immutable.
using System.Globalization;
using System.Text;

namespace Ovs.Ovsdb;

/// <summary>An atomic type with its constraints.</summary>
public sealed partial class BaseType : IEquatable<BaseType>
{
    public static readonly BaseType Void = new(AtomicType.Void);
    public static readonly BaseType Integer = new(AtomicType.Integer);
    public static readonly BaseType Real = new(AtomicType.Real);
    public static readonly BaseType Boolean = new(AtomicType.Boolean);
    public static readonly BaseType String = new(AtomicType.String);
    public static readonly BaseType Uuid = new(AtomicType.Uuid);

    public BaseType(AtomicType type)
    {
        Type = type;
    }

    public AtomicType Type { get; }

    /// <summary>The allowed values (a non-empty set of this type's atoms), or null for no enum constraint.</summary>
    public Datum? Enum { get; init; }

    public long MinInteger { get; init; } = long.MinValue;

    public long MaxInteger { get; init; } = long.MaxValue;

    public double MinReal { get; init; } = -double.MaxValue;

    public double MaxReal { get; init; } = double.MaxValue;

    /// <summary>Minimum string length in Unicode code points.</summary>
    public uint MinLength { get; init; }

    public uint MaxLength { get; init; } = uint.MaxValue;

    /// <summary>For UUIDs: the table referenced, or null when the UUID is not a reference.</summary>
    public string? RefTableName { get; init; }

    public RefType RefType { get; init; }

    public bool IsReference => Type == AtomicType.Uuid && RefTableName is not null;

    public bool IsStrongReference => IsReference && RefType == RefType.Strong;

    public bool IsWeakReference => IsReference && RefType == RefType.Weak;

    /// <summary>True if any constraint differs from its default (then the JSON form is an object).</summary>
    public bool HasConstraints => Enum is not null || Type switch
    {
        AtomicType.Integer => MinInteger != long.MinValue || MaxInteger != long.MaxValue,
        AtomicType.Real => MinReal != -double.MaxValue || MaxReal != double.MaxValue,
        AtomicType.String => MinLength != 0 || MaxLength != uint.MaxValue,
        AtomicType.Uuid => RefTableName is not null,
        _ => false,
    };

    /// <summary>True if the constraints are coherent (each minimum not above its maximum).</summary>
    public bool IsValid => Type switch
    {
        AtomicType.Integer => MinInteger <= MaxInteger,
        AtomicType.Real => MinReal <= MaxReal,
        AtomicType.String => MinLength <= MaxLength,
        _ => true,
    };

    /// <summary>The same atomic type without any constraint.</summary>
    public BaseType WithoutConstraints() => ForAtomicType(Type);

    /// <summary>The shared unconstrained base type for <paramref name="type"/>.</summary>
    public static BaseType ForAtomicType(AtomicType type) => type switch
    {
        AtomicType.Integer => Integer,
        AtomicType.Real => Real,
        AtomicType.Boolean => Boolean,
        AtomicType.String => String,
        AtomicType.Uuid => Uuid,
        _ => Void,
    };

    /// <summary>The type of an enum's value: a set of 1 or more unconstrained atoms of <paramref name="type"/>.</summary>
    public static OvsdbType EnumType(AtomicType type) => new(ForAtomicType(type), null, 1, OvsdbType.Unlimited);

    /// <summary>Checks <paramref name="atom"/> against the constraints, with upstream's messages. Null means OK.</summary>
    public OvsdbError? CheckConstraints(in Atom atom)
    {
        if (Enum is not null && !Enum.ContainsKey(atom))
        {
            var valid = new StringBuilder();
            Enum.AppendDisplayString(valid, EnumType(Type));
            return OvsdbError.ConstraintViolation($"{atom.ToDisplayString()} is not one of the allowed values ({valid})");
        }

        return Type switch
        {
            AtomicType.Integer => CheckInteger(atom.AsInteger),
            AtomicType.Real => CheckReal(atom.AsReal),
            AtomicType.String => CheckString(atom.AsString),
            _ => null,
        };
    }

    private OvsdbError? CheckInteger(long i)
    {
        if (i >= MinInteger && i <= MaxInteger)
        {
            return null;
        }

        string text = MinInteger != long.MinValue
            ? MaxInteger != long.MaxValue
                ? $"{i} is not in the valid range {MinInteger} to {MaxInteger} (inclusive)"
                : $"{i} is less than minimum allowed value {MinInteger}"
            : $"{i} is greater than maximum allowed value {MaxInteger}";
        return OvsdbError.ConstraintViolation(text);
    }

    private OvsdbError? CheckReal(double d)
    {
        if (d >= MinReal && d <= MaxReal)
        {
            return null;
        }

        string text = MinReal != -double.MaxValue
            ? MaxReal != double.MaxValue
                ? $"{G(d)} is not in the valid range {G(MinReal)} to {G(MaxReal)} (inclusive)"
                : $"{G(d)} is less than minimum allowed value {G(MinReal)}"
            : $"{G(d)} is greater than maximum allowed value {G(MaxReal)}";
        return OvsdbError.ConstraintViolation(text);

        static string G(double x) => Ovs.Json.JsonWriter.FormatReal(x);
    }

    private OvsdbError? CheckString(string s)
    {
        if (MinLength == 0 && MaxLength == uint.MaxValue)
        {
            return null;
        }

        long length = CountCodePoints(s);
        if (length < MinLength)
        {
            return OvsdbError.ConstraintViolation(string.Create(
                CultureInfo.InvariantCulture, $"\"{s}\" length {length} is less than minimum allowed length {MinLength}"));
        }

        if (length > MaxLength)
        {
            return OvsdbError.ConstraintViolation(string.Create(
                CultureInfo.InvariantCulture, $"\"{s}\" length {length} is greater than maximum allowed length {MaxLength}"));
        }

        return null;
    }

    private static long CountCodePoints(string s)
    {
        long n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (!(char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])))
            {
                n++;
            }
        }

        return n;
    }

    public bool Equals(BaseType? other) =>
        other is not null
        && Type == other.Type
        && (Enum is null ? other.Enum is null : other.Enum is not null && Enum.Equals(other.Enum))
        && MinInteger == other.MinInteger && MaxInteger == other.MaxInteger
        && MinReal.Equals(other.MinReal) && MaxReal.Equals(other.MaxReal)
        && MinLength == other.MinLength && MaxLength == other.MaxLength
        && string.Equals(RefTableName, other.RefTableName, StringComparison.Ordinal)
        && (RefTableName is null || RefType == other.RefType);

    public override bool Equals(object? obj) => Equals(obj as BaseType);

    public override int GetHashCode() => HashCode.Combine(Type, Enum, MinInteger, MaxInteger, MinLength, MaxLength, RefTableName);

    public override string ToString() => ToJson().ToString();
}
