// Upstream: lib/json.c, include/openvswitch/json.h (OVS 3.1)
//
// The JSON value model shared by every OVS protocol in this code base: OVSDB JSON-RPC, the unixctl protocol and
// the OVSDB storage log. It follows upstream's model, not System.Text.Json's: numbers are either 64-bit integers or
// doubles (never decimals), objects keep the last duplicate key, and values are immutable once built except for
// the builder methods on JsonObject and JsonArray, which callers use only while constructing a value.
using System.Diagnostics.CodeAnalysis;

namespace Ovs.Json;

/// <summary>The JSON types, as upstream's <c>enum json_type</c>.</summary>
public enum JsonType
{
    Null,
    False,
    True,
    Object,
    Array,
    Integer,
    Real,
    String,
}

/// <summary>
/// A JSON value. Integers and reals are distinct types, as in upstream: a number token without a fraction or
/// exponent (or whose value is integral and fits in 64 bits) parses as <see cref="JsonType.Integer"/>.
/// </summary>
public abstract class JsonValue : IEquatable<JsonValue>
{
    /// <summary>The JSON <c>null</c> literal.</summary>
    public static readonly JsonValue Null = new JsonLiteral(JsonType.Null);

    /// <summary>The JSON <c>true</c> literal.</summary>
    public static readonly JsonValue True = new JsonLiteral(JsonType.True);

    /// <summary>The JSON <c>false</c> literal.</summary>
    public static readonly JsonValue False = new JsonLiteral(JsonType.False);

    private protected JsonValue()
    {
    }

    /// <summary>Which of the JSON types this value is.</summary>
    public abstract JsonType Type { get; }

    public bool IsNull => Type == JsonType.Null;

    public bool IsBoolean => Type is JsonType.True or JsonType.False;

    public bool IsNumber => Type is JsonType.Integer or JsonType.Real;

    public static JsonValue Boolean(bool value) => value ? True : False;

    public static JsonString String(string value) => new(value);

    public static JsonInteger Integer(long value) => new(value);

    public static JsonReal Real(double value) => new(value);

    /// <summary>Casts to <see cref="JsonObject"/>, throwing <see cref="InvalidCastException"/> if not one.</summary>
    public JsonObject AsObject() => this as JsonObject ?? throw WrongType(JsonType.Object);

    public JsonArray AsArray() => this as JsonArray ?? throw WrongType(JsonType.Array);

    public string AsString() => (this as JsonString)?.Value ?? throw WrongType(JsonType.String);

    public long AsInteger() => (this as JsonInteger)?.Value ?? throw WrongType(JsonType.Integer);

    /// <summary>The value of an integer or a real, as a double.</summary>
    public double AsNumber() => this switch
    {
        JsonInteger i => i.Value,
        JsonReal r => r.Value,
        _ => throw WrongType(JsonType.Real),
    };

    public bool AsBoolean() => Type switch
    {
        JsonType.True => true,
        JsonType.False => false,
        _ => throw WrongType(JsonType.True),
    };

    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = (this as JsonString)?.Value;
        return value is not null;
    }

    /// <summary>The compact serialization, exactly as upstream's <c>json_to_string(json, 0)</c>.</summary>
    public override string ToString() => JsonWriter.ToString(this);

    /// <summary>Serializes with the given options (sorted keys and/or pretty printing).</summary>
    public string ToString(JsonWriteOptions options) => JsonWriter.ToString(this, options);

    public abstract bool Equals(JsonValue? other);

    public override bool Equals(object? obj) => obj is JsonValue v && Equals(v);

    public abstract override int GetHashCode();

    public static implicit operator JsonValue(string value) => new JsonString(value);

    public static implicit operator JsonValue(long value) => new JsonInteger(value);

    public static implicit operator JsonValue(double value) => new JsonReal(value);

    public static implicit operator JsonValue(bool value) => Boolean(value);

    /// <summary>The type name as upstream's <c>json_type_to_string</c> spells it.</summary>
    public static string TypeName(JsonType type) => type switch
    {
        JsonType.Null => "null",
        JsonType.False => "false",
        JsonType.True => "true",
        JsonType.Object => "object",
        JsonType.Array => "array",
        JsonType.Integer or JsonType.Real => "number",
        JsonType.String => "string",
        _ => "<invalid>",
    };

    private InvalidCastException WrongType(JsonType wanted) =>
        new($"JSON {TypeName(Type)} is not a {TypeName(wanted)}");
}

/// <summary>The three literals <c>null</c>, <c>true</c> and <c>false</c>.</summary>
internal sealed class JsonLiteral(JsonType type) : JsonValue
{
    public override JsonType Type { get; } = type;

    public override bool Equals(JsonValue? other) => other is not null && other.Type == Type;

    public override int GetHashCode() => (int)Type;
}

/// <summary>A JSON string.</summary>
public sealed class JsonString(string value) : JsonValue
{
    public string Value { get; } = value;

    public override JsonType Type => JsonType.String;

    public override bool Equals(JsonValue? other) => other is JsonString s && string.Equals(s.Value, Value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
}

/// <summary>A JSON number without fraction or exponent that fits in a signed 64-bit integer.</summary>
public sealed class JsonInteger(long value) : JsonValue
{
    public long Value { get; } = value;

    public override JsonType Type => JsonType.Integer;

    public override bool Equals(JsonValue? other) => other is JsonInteger i && i.Value == Value;

    public override int GetHashCode() => Value.GetHashCode();
}

/// <summary>A JSON number that is not an integer. Always finite.</summary>
public sealed class JsonReal(double value) : JsonValue
{
    public double Value { get; } = value;

    public override JsonType Type => JsonType.Real;

    public override bool Equals(JsonValue? other) => other is JsonReal r && r.Value.Equals(Value);

    public override int GetHashCode() => Value.GetHashCode();
}
