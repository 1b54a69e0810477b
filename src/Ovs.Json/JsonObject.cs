// Upstream: lib/json.c (OVS 3.1)
using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Ovs.Json;

/// <summary>
/// A JSON object. Members keep their insertion order; setting an existing name replaces its value in place, which
/// is how a parsed object with a duplicate name ends up holding the last value (as upstream's parser does).
/// </summary>
public sealed class JsonObject : JsonValue, IEnumerable<KeyValuePair<string, JsonValue>>
{
    private readonly List<KeyValuePair<string, JsonValue>> _members = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public override JsonType Type => JsonType.Object;

    public int Count => _members.Count;

    public IEnumerable<string> Names
    {
        get
        {
            foreach (KeyValuePair<string, JsonValue> member in _members)
            {
                yield return member.Key;
            }
        }
    }

    /// <summary>Gets a member's value, or null if there is no member with that name.</summary>
    public JsonValue? this[string name]
    {
        get => _index.TryGetValue(name, out int i) ? _members[i].Value : null;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Set(name, value);
        }
    }

    public void Set(string name, JsonValue value)
    {
        if (_index.TryGetValue(name, out int i))
        {
            _members[i] = new(name, value);
        }
        else
        {
            _index.Add(name, _members.Count);
            _members.Add(new(name, value));
        }
    }

    /// <summary>Collection-initializer support: <c>new JsonObject { { "a", 1 } }</c>.</summary>
    public void Add(string name, JsonValue value) => Set(name, value);

    public bool ContainsKey(string name) => _index.ContainsKey(name);

    public bool TryGetValue(string name, [NotNullWhen(true)] out JsonValue? value)
    {
        if (_index.TryGetValue(name, out int i))
        {
            value = _members[i].Value;
            return true;
        }

        value = null;
        return false;
    }

    public bool Remove(string name)
    {
        if (!_index.Remove(name, out int i))
        {
            return false;
        }

        _members.RemoveAt(i);
        for (int j = i; j < _members.Count; j++)
        {
            _index[_members[j].Key] = j;
        }

        return true;
    }

    public List<KeyValuePair<string, JsonValue>>.Enumerator GetEnumerator() => _members.GetEnumerator();

    IEnumerator<KeyValuePair<string, JsonValue>> IEnumerable<KeyValuePair<string, JsonValue>>.GetEnumerator() =>
        _members.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _members.GetEnumerator();

    public override bool Equals(JsonValue? other)
    {
        if (other is not JsonObject o || o.Count != Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, JsonValue> member in _members)
        {
            if (!o.TryGetValue(member.Key, out JsonValue? v) || !v.Equals(member.Value))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        int hash = 0;
        foreach (KeyValuePair<string, JsonValue> member in _members)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(member.Key), member.Value);
        }

        return hash;
    }
}
