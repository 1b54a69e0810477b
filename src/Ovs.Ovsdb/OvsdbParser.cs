// Upstream: lib/ovsdb-parser.c (OVS 3.1)
//
// Walks the members of one JSON object the way upstream's schema and operation parsers do: each Member() call
// names a member and the JSON types it may have; the first problem is remembered and reported, prefixed with
// "Parsing <what> failed: ". Finish() then rejects members nobody asked for. Upstream picks the unused member to
// name in hash-table order; we name the first one in document order, which agrees whenever there is only one.
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>Which JSON types a member may have (upstream's OP_* flags).</summary>
[Flags]
internal enum MemberTypes
{
    None = 0,
    Null = 1 << JsonType.Null,
    False = 1 << JsonType.False,
    True = 1 << JsonType.True,
    Object = 1 << JsonType.Object,
    Array = 1 << JsonType.Array,
    Integer = 1 << JsonType.Integer,
    Real = 1 << JsonType.Real,
    String = 1 << JsonType.String,
    Boolean = False | True,
    Number = Integer | Real,
    Any = Null | Boolean | Object | Array | Number | String,

    /// <summary>A string that is an id (<c>[_A-Za-z][_0-9A-Za-z]*</c>).</summary>
    Id = 1 << 16,

    Optional = 1 << 17,
}

/// <summary>A checker for the members of one JSON object. Errors are kept, not thrown.</summary>
internal sealed class OvsdbParser
{
    private readonly JsonValue _json;
    private readonly string _name;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public OvsdbParser(JsonValue json, string name)
    {
        _json = json;
        _name = name;
        if (json is not JsonObject)
        {
            // Upstream records no syntax for this one error.
            Error = new OvsdbError(OvsdbErrorTags.SyntaxError, $"Parsing {name} failed: Object expected.");
        }
    }

    public OvsdbError? Error { get; private set; }

    public bool HasError => Error is not null;

    /// <summary>Returns the member's value if present and of an allowed type, otherwise records an error.</summary>
    public JsonValue? Member(string name, MemberTypes types)
    {
        JsonValue? value = (_json as JsonObject)?[name];
        if (value is null)
        {
            if ((types & MemberTypes.Optional) == 0)
            {
                RaiseError($"Required '{name}' member is missing.");
            }

            return null;
        }

        bool typeOk = ((int)types & (1 << (int)value.Type)) != 0;
        bool idOk = (types & MemberTypes.Id) != 0 && value is JsonString s && AtomicTypes.IsId(s.Value);
        if (typeOk || idOk)
        {
            _used.Add(name);
            return value;
        }

        RaiseError($"Type mismatch for member '{name}'.");
        return null;
    }

    /// <summary>Records an error (only the first one counts).</summary>
    public void RaiseError(string message)
    {
        Error ??= OvsdbError.SyntaxError(_json, null, $"Parsing {_name} failed: {message}");
    }

    /// <summary>Checks for unexpected members and returns the first error, if any.</summary>
    public OvsdbError? Finish()
    {
        if (Error is null && _json is JsonObject o && o.Count > _used.Count)
        {
            int unused = o.Count - _used.Count;
            foreach (string name in o.Names)
            {
                if (!_used.Contains(name))
                {
                    RaiseError(unused > 1
                        ? $"Member '{name}' and {unused - 1} other member{(unused > 2 ? "s" : "")} are present but not allowed here."
                        : $"Member '{name}' is present but not allowed here.");
                    break;
                }
            }
        }

        return Error;
    }

    /// <summary>Like <see cref="Finish"/>, but throws the error for the internal parsing paths.</summary>
    public void FinishOrThrow()
    {
        if (Finish() is { } error)
        {
            throw new OvsdbErrorException(error);
        }
    }
}
