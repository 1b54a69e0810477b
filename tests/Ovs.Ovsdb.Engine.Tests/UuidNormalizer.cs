// Replaces UUIDs by <0>, <1>, ... in order of first appearance, as upstream's tests/uuidfilt.py does, so outputs
// with random UUIDs from two implementations can be compared.
using System.Text.RegularExpressions;

namespace Ovs.Ovsdb.Engine.Tests;

internal sealed partial class UuidNormalizer
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.OrdinalIgnoreCase);

    public string Normalize(string text) => UuidPattern().Replace(text, m =>
    {
        if (!_seen.TryGetValue(m.Value, out int n))
        {
            n = _seen.Count;
            _seen.Add(m.Value, n);
        }

        return $"<{n}>";
    });

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex UuidPattern();
}
