// Upstream: the escape table of json_string_unescape() in lib/json.c (OVS 3.1)
namespace Ovs.Json;

/// <summary>The one-character escapes of a JSON string literal (RFC 8259, section 7).</summary>
public static class JsonEscapes
{
    /// <summary>What "\" followed by <paramref name="escape"/> stands for; false for 'u' and invalid escapes.</summary>
    public static bool TryDecodeSimple(char escape, out char decoded)
    {
        decoded = escape switch
        {
            '"' or '\\' or '/' => escape,
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            _ => '\0',
        };
        return decoded != '\0';
    }
}
