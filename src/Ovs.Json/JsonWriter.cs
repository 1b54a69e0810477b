// Upstream: lib/json.c, json_serialize() and friends (OVS 3.1)
//
// Produces exactly the bytes upstream produces, because admins and tests compare them:
// - integers in decimal; reals as C's "%.15g" (so 0.1 prints as 0.1 and 1e300 as 1e+300);
// - strings with only '"', '\\' and control characters escaped (\b \f \n \r \t, the rest as \u00XX); other
//   characters, including '/' and non-ASCII, are written as they are;
// - pretty output puts each member or element on its own line indented by two spaces per level, with the
//   closing bracket right after the last item (no newline before it); an empty array is "[]", and an empty
//   object is "{", a newline and indentation, then "}".
using System.Globalization;
using System.Text;

namespace Ovs.Json;

/// <summary>Serializes <see cref="JsonValue"/>s exactly as upstream's <c>json_to_ds</c> does.</summary>
public static class JsonWriter
{
    public static string ToString(JsonValue value, JsonWriteOptions options = JsonWriteOptions.None)
    {
        var sb = new StringBuilder();
        Write(sb, value, options);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, JsonValue value, JsonWriteOptions options = JsonWriteOptions.None)
    {
        WriteValue(sb, value, options, 0);
    }

    /// <summary>Writes a string literal with upstream's escaping.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Formats a real as C's <c>printf("%.15g")</c>.</summary>
    public static string FormatReal(double value)
    {
        string s = value.ToString("G15", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return s;
        }

        // .NET writes "1.5E-07"; C writes "1.5e-07". Both use at least two exponent digits.
        return string.Concat(s.AsSpan(0, e), "e", s.AsSpan(e + 1));
    }

    private static void WriteValue(StringBuilder sb, JsonValue value, JsonWriteOptions options, int depth)
    {
        switch (value)
        {
            case JsonString s:
                WriteString(sb, s.Value);
                break;
            case JsonInteger i:
                sb.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonReal r:
                sb.Append(FormatReal(r.Value));
                break;
            case JsonArray a:
                WriteArray(sb, a, options, depth);
                break;
            case JsonObject o:
                WriteObject(sb, o, options, depth);
                break;
            default:
                sb.Append(value.Type switch
                {
                    JsonType.Null => "null",
                    JsonType.True => "true",
                    _ => "false",
                });
                break;
        }
    }

    private static void WriteArray(StringBuilder sb, JsonArray a, JsonWriteOptions options, int depth)
    {
        sb.Append('[');
        if (a.Count > 0)
        {
            bool pretty = (options & JsonWriteOptions.Pretty) != 0;
            for (int i = 0; i < a.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                if (pretty)
                {
                    NewLine(sb, depth + 1);
                }

                WriteValue(sb, a[i], options, depth + 1);
            }
        }

        sb.Append(']');
    }

    private static void WriteObject(StringBuilder sb, JsonObject o, JsonWriteOptions options, int depth)
    {
        bool pretty = (options & JsonWriteOptions.Pretty) != 0;
        sb.Append('{');
        if (pretty)
        {
            NewLine(sb, depth + 1);
        }

        IEnumerable<KeyValuePair<string, JsonValue>> members = o;
        if ((options & JsonWriteOptions.Sort) != 0)
        {
            var sorted = new List<KeyValuePair<string, JsonValue>>(o);
            sorted.Sort(static (x, y) => string.CompareOrdinal(x.Key, y.Key));
            members = sorted;
        }

        bool first = true;
        foreach (KeyValuePair<string, JsonValue> member in members)
        {
            if (!first)
            {
                sb.Append(',');
                if (pretty)
                {
                    NewLine(sb, depth + 1);
                }
            }

            first = false;
            WriteString(sb, member.Key);
            sb.Append(pretty ? ": " : ":");
            WriteValue(sb, member.Value, options, depth + 1);
        }

        sb.Append('}');
    }

    private static void NewLine(StringBuilder sb, int depth)
    {
        sb.Append('\n').Append(' ', depth * 2);
    }
}
