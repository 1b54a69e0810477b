// Upstream: lib/jsonrpc.c, jsonrpc_msg_from_json() and jsonrpc_msg_is_valid() (OVS 3.1)
//
// Validation order and texts are upstream's, checked against ovsdb-server 3.1.0:
//   1. not an object                    "message is not a JSON object"
//   2. "method" not a string            "method is not a JSON string"
//   3. "params" not an array            "\"params\" must be JSON array"
//   4. any other member                 "message has unexpected member \"NAME\""
//   5. the kind is chosen by the non-null members (result, then error, then id), and then the members are
//      checked in the order method, params, result, error, id against what that kind must and must not have:
//      "reply must not have \"method\"", "request must have \"params\"", ...
// A member whose value is JSON null counts as absent throughout.
using Ovs.Json;

namespace Ovs.Transport.JsonRpc;

public sealed partial class JsonRpcMessage
{
    // For each kind, whether method, params, result, error and id (in that order) must be present (true) or
    // absent (false).
    private static readonly string[] s_memberNames = ["method", "params", "result", "error", "id"];

    private static readonly bool[][] s_required =
    [
        [true, true, false, false, true],    // request
        [true, true, false, false, false],   // notification
        [false, false, true, false, true],   // reply
        [false, false, false, true, true],   // error
    ];

    /// <summary>
    /// Converts a received JSON value into a message. Returns null on success, or upstream's description of what
    /// is wrong with it.
    /// </summary>
    public static string? TryParse(JsonValue json, out JsonRpcMessage? message)
    {
        message = null;
        if (json is not JsonObject obj)
        {
            return "message is not a JSON object";
        }

        JsonValue? method = Member(obj, "method");
        JsonValue? parameters = Member(obj, "params");
        JsonValue? result = Member(obj, "result");
        JsonValue? error = Member(obj, "error");
        JsonValue? id = Member(obj, "id");

        if (method is not null and not JsonString)
        {
            return "method is not a JSON string";
        }

        if (parameters is not null and not JsonArray)
        {
            return "\"params\" must be JSON array";
        }

        foreach (KeyValuePair<string, JsonValue> member in obj)
        {
            if (Array.IndexOf(s_memberNames, member.Key) < 0)
            {
                return $"message has unexpected member \"{member.Key}\"";
            }
        }

        JsonRpcMessageType type = result is not null ? JsonRpcMessageType.Reply
            : error is not null ? JsonRpcMessageType.Error
            : id is not null ? JsonRpcMessageType.Request
            : JsonRpcMessageType.Notification;

        JsonValue?[] present = [method, parameters, result, error, id];
        bool[] required = s_required[(int)type];
        for (int i = 0; i < present.Length; i++)
        {
            if (required[i] != present[i] is not null)
            {
                return $"{TypeName(type)} must {(required[i] ? "have" : "not have")} \"{s_memberNames[i]}\"";
            }
        }

        message = new JsonRpcMessage(type, (method as JsonString)?.Value, parameters as JsonArray, result, error, id);
        return null;
    }

    private static JsonValue? Member(JsonObject obj, string name) =>
        obj.TryGetValue(name, out JsonValue? value) && !value.IsNull ? value : null;
}
