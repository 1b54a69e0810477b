// Upstream: lib/ovsdb-parser.c (OVS 3.1)
//
// The monitor requests are checked member by member the way upstream's generic object parser does it, with the
// same messages: "Parsing <what> failed: Type mismatch for member 'x'." and "Member 'x' is present but not allowed
// here." (the syntax being the whole object). Ovs.Ovsdb keeps its own parser internal, so this is the small subset
// the monitor requests need: optional members only.
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>Checks the optional members of one JSON object, remembering the first error.</summary>
internal sealed class MemberChecker
{
    private readonly JsonValue _json;
    private readonly string _what;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private OvsdbError? _error;

    public MemberChecker(JsonValue json, string what)
    {
        _json = json;
        _what = what;
        if (json is not JsonObject)
        {
            _error = new OvsdbError(OvsdbErrorTags.SyntaxError, $"Parsing {what} failed: Object expected.");
        }
    }

    /// <summary>Returns the member if present and of one of <paramref name="types"/>; otherwise records an error.</summary>
    public JsonValue? Optional(string name, params ReadOnlySpan<JsonType> types)
    {
        if (_json is not JsonObject o || !o.TryGetValue(name, out JsonValue? value))
        {
            return null;
        }

        if (types.Contains(value.Type))
        {
            _used.Add(name);
            return value;
        }

        Raise($"Type mismatch for member '{name}'.");
        return null;
    }

    /// <summary>Reports unexpected members (the first in document order) and returns the first error, if any.</summary>
    public OvsdbError? Finish()
    {
        if (_error is null && _json is JsonObject o && o.Count > _used.Count)
        {
            int unused = o.Count - _used.Count;
            foreach (string name in o.Names)
            {
                if (!_used.Contains(name))
                {
                    Raise(unused > 1
                        ? $"Member '{name}' and {unused - 1} other member{(unused > 2 ? "s" : "")} are present but not allowed here."
                        : $"Member '{name}' is present but not allowed here.");
                    break;
                }
            }
        }

        return _error;
    }

    private void Raise(string message) =>
        _error ??= OvsdbError.SyntaxError(_json, null, $"Parsing {_what} failed: {message}");
}
