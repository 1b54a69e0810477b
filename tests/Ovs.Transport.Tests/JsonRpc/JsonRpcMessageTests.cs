using Ovs.Json;
using Ovs.Transport.JsonRpc;

namespace Ovs.Transport.Tests.JsonRpc;

public sealed class JsonRpcMessageTests
{
    // Each invalid message with the reason Debian's ovsdb-server 3.1.0 logs for it ("received bad JSON-RPC
    // message: ...").
    [Theory]
    [InlineData("[1]", "message is not a JSON object")]
    [InlineData("{\"id\":2,\"method\":\"version\",\"params\":[],\"extra\":1}", "message has unexpected member \"extra\"")]
    [InlineData("{\"id\":2,\"method\":\"version\",\"params\":{}}", "\"params\" must be JSON array")]
    [InlineData("{\"method\":1,\"params\":{}}", "method is not a JSON string")]
    [InlineData("{\"a\":1,\"method\":1,\"params\":[]}", "method is not a JSON string")]
    [InlineData("{\"id\":2,\"method\":\"x\"}", "request must have \"params\"")]
    [InlineData("{\"id\":2,\"params\":[]}", "request must have \"method\"")]
    [InlineData("{\"id\":2,\"error\":null,\"result\":null}", "request must have \"method\"")]
    [InlineData("{\"id\":2,\"error\":null,\"result\":null,\"method\":\"x\"}", "request must have \"params\"")]
    [InlineData("{\"result\":1,\"error\":null}", "reply must have \"id\"")]
    [InlineData("{\"id\":null,\"result\":1}", "reply must have \"id\"")]
    [InlineData("{\"id\":2,\"method\":\"x\",\"params\":[],\"result\":1}", "reply must not have \"method\"")]
    [InlineData("{\"id\":1,\"params\":[],\"result\":1}", "reply must not have \"params\"")]
    [InlineData("{\"id\":2,\"result\":1,\"error\":2}", "reply must not have \"error\"")]
    [InlineData("{\"method\":\"x\",\"params\":[],\"error\":1}", "error must not have \"method\"")]
    [InlineData("{}", "notification must have \"method\"")]
    [InlineData("{\"a\":1,\"method\":\"x\",\"params\":[],\"id\":1}", "message has unexpected member \"a\"")]
    public void RejectsInvalidMessagesWithUpstreamReasons(string json, string reason)
    {
        Assert.Equal(reason, JsonRpcMessage.TryParse(JsonParser.Parse(json), out JsonRpcMessage? message));
        Assert.Null(message);
    }

    // Valid messages: their kind and the debug text Debian's programs log for them.
    [Theory]
    [InlineData("{\"id\":0,\"method\":\"list_dbs\",\"params\":[]}", JsonRpcMessageType.Request, "request, method=\"list_dbs\", params=[], id=0")]
    [InlineData("{\"method\":\"x\",\"params\":[]}", JsonRpcMessageType.Notification, "notification, method=\"x\", params=[]")]
    [InlineData("{\"id\":2,\"result\":1}", JsonRpcMessageType.Reply, "reply, result=1, id=2")]
    [InlineData("{\"id\":2,\"error\":1}", JsonRpcMessageType.Error, "error, error=1, id=2")]
    [InlineData("{\"id\":[1],\"method\":\"echo\",\"params\":[]}", JsonRpcMessageType.Request, "request, method=\"echo\", params=[], id=[1]")]
    [InlineData("{\"id\":1,\"method\":\"echo\",\"params\":[1,{\"a\":2}]}", JsonRpcMessageType.Request, "request, method=\"echo\", params=[1,{\"a\":2}], id=1")]
    public void ParsesValidMessages(string json, JsonRpcMessageType type, string description)
    {
        Assert.Null(JsonRpcMessage.TryParse(JsonParser.Parse(json), out JsonRpcMessage? message));
        Assert.Equal(type, message!.Type);
        Assert.Equal(description, message.Describe());
    }

    // The wire forms, byte for byte as Debian's ovsdb-server and ovs-appctl write them.
    [Fact]
    public void SerializesInUpstreamMemberOrder()
    {
        Assert.Equal(
            "{\"id\":0,\"method\":\"foo\",\"params\":[\"bar\",\"b a z\"]}",
            JsonRpcMessage.CreateRequest("foo", new JsonArray("bar", "b a z"), 0).ToString());
        Assert.Equal(
            "{\"id\":0,\"result\":[\"Open_vSwitch\",\"_Server\"],\"error\":null}",
            JsonRpcMessage.CreateReply(new JsonArray("Open_vSwitch", "_Server"), 0).ToString());
        Assert.Equal("{\"id\":1,\"error\":\"unknown method\"}", JsonRpcMessage.CreateError("unknown method", 1).ToString());
        Assert.Equal(
            "{\"id\":null,\"method\":\"update\",\"params\":[null]}",
            JsonRpcMessage.CreateNotification("update", new JsonArray(JsonValue.Null)).ToString());
    }

    [Fact]
    public void RoundTripsThroughJson()
    {
        JsonRpcMessage request = JsonRpcMessage.CreateRequest("transact", new JsonArray("db", new JsonObject()), "x");
        Assert.Null(JsonRpcMessage.TryParse(JsonParser.Parse(request.ToString()), out JsonRpcMessage? parsed));
        Assert.Equal(request.ToString(), parsed!.ToString());
    }

    [Fact]
    public void NumbersRequestsFromAProcessWideCounter()
    {
        long first = JsonRpcMessage.CreateRequest("a", []).Id!.AsInteger();
        long second = JsonRpcMessage.CreateRequest("b", []).Id!.AsInteger();
        Assert.True(second > first);
    }
}
