// Upstream: lib/json.c, json_from_string() (OVS 3.1)
using System.Text;

namespace Ovs.Json;

/// <summary>The error for malformed JSON, with upstream's "line L, column C, byte B: message" text.</summary>
public sealed class JsonParseException(string message) : FormatException(message);

/// <summary>Parses one complete JSON text (one value, surrounded only by white space).</summary>
public static class JsonParser
{
    /// <summary>Parses <paramref name="text"/>, throwing <see cref="JsonParseException"/> on malformed input.</summary>
    public static JsonValue Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    public static JsonValue Parse(ReadOnlySpan<byte> utf8)
    {
        return TryParse(utf8, out JsonValue? value, out string? error) ? value! : throw new JsonParseException(error!);
    }

    /// <summary>Parses a whole text; on failure <paramref name="error"/> holds upstream's error message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonValue? value, out string? error)
    {
        var parser = new JsonStreamParser(checkTrailer: true);
        parser.Feed(utf8);
        value = parser.Finish(out error);
        return error is null;
    }
}
