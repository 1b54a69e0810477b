// Replaces UUIDs in text by <0>, <1>, ... in order of first appearance, as upstream's tests/uuidfilt.py does, so
// outputs from runs with different random UUIDs can be compared.
using System.Text.RegularExpressions;

namespace Ovs.TestKit;

public static partial class UuidFilter
{
    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex UuidPattern();

    public static string Apply(string text)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return UuidPattern().Replace(text, m =>
        {
            if (!seen.TryGetValue(m.Value, out int n))
            {
                n = seen.Count;
                seen.Add(m.Value, n);
            }

            return $"<{n}>";
        });
    }
}
