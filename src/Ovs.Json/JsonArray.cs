// Upstream: lib/json.c (OVS 3.1)
using System.Collections;

namespace Ovs.Json;

/// <summary>A JSON array. Mutable only while it is being built.</summary>
public sealed class JsonArray : JsonValue, IReadOnlyList<JsonValue>
{
    private readonly List<JsonValue> _items;

    public JsonArray()
    {
        _items = [];
    }

    public JsonArray(IEnumerable<JsonValue> items)
    {
        _items = [.. items];
    }

    public JsonArray(params ReadOnlySpan<JsonValue> items)
    {
        _items = [.. items];
    }

    public override JsonType Type => JsonType.Array;

    public int Count => _items.Count;

    public JsonValue this[int index] => _items[index];

    public void Add(JsonValue value) => _items.Add(value);

    public List<JsonValue>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<JsonValue> IEnumerable<JsonValue>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override bool Equals(JsonValue? other)
    {
        if (other is not JsonArray a || a.Count != Count)
        {
            return false;
        }

        for (int i = 0; i < _items.Count; i++)
        {
            if (!_items[i].Equals(a._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (JsonValue item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
