// Upstream: lib/ovsdb-parser.c as ovsdb/raft-private.c uses it (OVS 3.1)
using System.Globalization;
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Cluster;

/// <summary>
/// Reads typed members of a raft record and keeps the first problem found, so a parser can read every member and
/// check <see cref="Error"/> once at the end.
/// </summary>
internal sealed class RaftJsonReader(JsonObject json, string what = "raft header")
{
    public string? Error { get; private set; }

    public void Fail(string message) => Error ??= message;

    public JsonValue? Value(string name, bool required)
    {
        JsonValue? value = json[name];
        if (value is null && required)
        {
            Fail($"Parsing {what} failed: Required '{name}' member is missing.");
        }

        return value;
    }

    public string? String(string name, bool required)
    {
        JsonValue? value = Value(name, required);
        if (value is null)
        {
            return null;
        }

        if (value is JsonString s)
        {
            return s.Value;
        }

        Fail($"Parsing {what} failed: Type mismatch for member '{name}'.");
        return null;
    }

    public long? Integer(string name, bool required)
    {
        JsonValue? value = Value(name, required);
        if (value is null)
        {
            return null;
        }

        if (value is JsonInteger i)
        {
            return i.Value;
        }

        Fail($"Parsing {what} failed: Type mismatch for member '{name}'.");
        return null;
    }

    public Guid? Uuid(string name, bool required)
    {
        string? text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (TryParseUuid(text, out Guid uuid))
        {
            return uuid;
        }

        Fail($"Parsing {what} failed: {name} is not a valid UUID");
        return null;
    }

    public IReadOnlyList<KeyValuePair<Guid, string>>? Servers(string name, bool required)
    {
        JsonValue? value = Value(name, required);
        if (value is null)
        {
            return null;
        }

        if (value is not JsonObject servers || servers.Count == 0)
        {
            Fail($"Parsing {what} failed: Type mismatch for member '{name}'.");
            return null;
        }

        var list = new List<KeyValuePair<Guid, string>>();
        foreach (KeyValuePair<string, JsonValue> server in servers)
        {
            if (!TryParseUuid(server.Key, out Guid sid) || server.Value is not JsonString address)
            {
                Fail($"Parsing {what} failed: {name} is not a valid server set");
                return null;
            }

            list.Add(new(sid, address.Value));
        }

        return list;
    }

    /// <summary>Upstream's UUID syntax: exactly 36 characters, 8-4-4-4-12 hex digits in either case.</summary>
    public static bool TryParseUuid(string text, out Guid uuid)
    {
        uuid = Guid.Empty;
        return text.Length == 36 && text[8] == '-' && Guid.TryParseExact(text, "D", out uuid);
    }

    public static string Short(Guid uuid) => uuid.ToString("D", CultureInfo.InvariantCulture)[..4];
}
