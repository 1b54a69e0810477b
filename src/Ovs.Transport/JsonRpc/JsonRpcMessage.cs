// Upstream: lib/jsonrpc.c, struct jsonrpc_msg, jsonrpc_msg_to_json() and jsonrpc_msg_to_string() (OVS 3.1)
//
// A JSON-RPC 1.0 message as OVSDB and unixctl use it (RFC 7047 section 4). Four kinds, told apart by which members
// are non-null: a reply has a result, an error has an error, a request has an id, a notification has none of
// these. The wire form puts the members in the order upstream emits them, so bytes on the wire match:
//   request       {"id":ID,"method":M,"params":P}
//   notification  {"id":null,"method":M,"params":P}
//   reply         {"id":ID,"result":R,"error":null}
//   error         {"id":ID,"error":E}
// Describe() is the text of the "send"/"received" debug log lines: the kind, then each non-null member as
// ", name=JSON" in the order method, params, result, error, id.
using System.Text;
using Ovs.Json;

namespace Ovs.Transport.JsonRpc;

/// <summary>The four JSON-RPC message kinds, with upstream's names.</summary>
public enum JsonRpcMessageType
{
    Request,
    Notification,
    Reply,
    Error,
}

/// <summary>An immutable JSON-RPC message. Create with the factory methods or parse with <see cref="TryParse"/>.</summary>
public sealed partial class JsonRpcMessage
{
    private JsonRpcMessage(JsonRpcMessageType type, string? method, JsonArray? parameters, JsonValue? result, JsonValue? error, JsonValue? id)
    {
        Type = type;
        Method = method;
        Params = parameters;
        Result = result;
        Error = error;
        Id = id;
    }

    public JsonRpcMessageType Type { get; }

    /// <summary>The method of a request or notification.</summary>
    public string? Method { get; }

    /// <summary>The parameters of a request or notification.</summary>
    public JsonArray? Params { get; }

    /// <summary>The result of a reply.</summary>
    public JsonValue? Result { get; }

    /// <summary>The error of an error reply.</summary>
    public JsonValue? Error { get; }

    /// <summary>The id of a request, reply or error; null for a notification.</summary>
    public JsonValue? Id { get; }

    private static long s_nextId = -1;

    /// <summary>A request with the next id from a process-wide counter starting at 0, as upstream numbers them.</summary>
    public static JsonRpcMessage CreateRequest(string method, JsonArray parameters) =>
        CreateRequest(method, parameters, JsonValue.Integer(Interlocked.Increment(ref s_nextId)));

    public static JsonRpcMessage CreateRequest(string method, JsonArray parameters, JsonValue id) =>
        new(JsonRpcMessageType.Request, method, parameters, null, null, id);

    public static JsonRpcMessage CreateNotification(string method, JsonArray parameters) =>
        new(JsonRpcMessageType.Notification, method, parameters, null, null, null);

    public static JsonRpcMessage CreateReply(JsonValue result, JsonValue id) =>
        new(JsonRpcMessageType.Reply, null, null, result, null, id);

    public static JsonRpcMessage CreateError(JsonValue error, JsonValue id) =>
        new(JsonRpcMessageType.Error, null, null, null, error, id);

    /// <summary>Upstream's name of a message kind ("request", "notification", "reply", "error").</summary>
    public static string TypeName(JsonRpcMessageType type) => type switch
    {
        JsonRpcMessageType.Request => "request",
        JsonRpcMessageType.Notification => "notification",
        JsonRpcMessageType.Reply => "reply",
        _ => "error",
    };

    /// <summary>The wire form, members in upstream's order.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        json.Set("id", Id ?? JsonValue.Null);
        switch (Type)
        {
            case JsonRpcMessageType.Request:
            case JsonRpcMessageType.Notification:
                json.Set("method", Method!);
                json.Set("params", Params!);
                break;
            case JsonRpcMessageType.Reply:
                json.Set("result", Result!);
                json.Set("error", JsonValue.Null);
                break;
            default:
                json.Set("error", Error!);
                break;
        }

        return json;
    }

    /// <summary>The log text: "request, method="echo", params=[], id=0".</summary>
    public string Describe()
    {
        var sb = new StringBuilder(TypeName(Type));
        if (Method is not null)
        {
            sb.Append(", method=");
            JsonWriter.WriteString(sb, Method);
        }

        AppendMember(sb, "params", Params);
        AppendMember(sb, "result", Result);
        AppendMember(sb, "error", Error);
        AppendMember(sb, "id", Id);
        return sb.ToString();
    }

    public override string ToString() => ToJson().ToString();

    private static void AppendMember(StringBuilder sb, string name, JsonValue? value)
    {
        if (value is not null)
        {
            sb.Append(", ").Append(name).Append('=');
            JsonWriter.Write(sb, value);
        }
    }
}
