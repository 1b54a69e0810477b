// Upstream: lib/ofp-parse.c, ofputil_parse_key_value() (OVS 3.1)
//
// Splits "key[=:]value" and "key(value)" pairs separated by commas or white space, as flow and action syntax use
// them. A value ends at a comma or white space (after '=' or ':') or at the matching ')' (after '('); parentheses
// inside a value nest. "key(x)->y" keeps "x)->y" as the value, for the learn action's syntax.
using Ovs.Flow.Text;

namespace Ovs.OpenFlow.Text;

internal static class KeyValueParser
{
    /// <summary>
    /// Parses the next pair of <paramref name="text"/> starting at <paramref name="position"/>, which it advances.
    /// Returns false when only separators remain. The flow syntax's parser (Ovs.Flow) owns the splitting rules.
    /// </summary>
    public static bool TryNext(string text, ref int position, out string key, out string value) =>
        MatchParser.TryNextKeyValue(text, ref position, out key, out value);
}
