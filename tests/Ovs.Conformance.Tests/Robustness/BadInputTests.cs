// Garbage, truncation, huge values and floods against our ovsdb-server: each bad peer gets an error reply or a
// clean disconnect with a log line, and the server keeps serving its other clients. The expected behaviour for
// each input is Debian's ovsdb-server 3.1.0's (observed: it drops the connection with "error parsing stream" or
// "received bad JSON-RPC message" warnings, and answers unknown methods with an error).
using System.Text;
using Ovs.Json;
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.Robustness;

public sealed class BadInputTests
{
    public static TheoryData<string, byte[], string> DisconnectingInputs => new()
    {
        { "garbage bytes", [0xff, 0xfe, (byte)' ', (byte)'g'], "invalid character U+00ff" },
        { "deep nesting", Encoding.ASCII.GetBytes(new string('[', 2000)), "input exceeds maximum nesting depth 1000" },
        { "number out of range", Encoding.ASCII.GetBytes("{\"method\":\"echo\",\"params\":[1e400],\"id\":1}"), "number outside valid range" },
        { "not an object", Encoding.ASCII.GetBytes("[1,2,3]"), "message is not a JSON object" },
        { "unexpected member", Encoding.ASCII.GetBytes("{\"foo\":1}"), "message has unexpected member \"foo\"" },
        { "request without params", Encoding.ASCII.GetBytes("{\"method\":\"echo\",\"id\":1}"), "request must have \"params\"" },
    };

    [RequiresProgramsTheory(["ovsdb-server", "ovsdb-tool"])]
    [MemberData(nameof(DisconnectingInputs))]
    public void BadStreamIsDroppedWithALogLineAndOthersAreServed(string what, byte[] input, string logged)
    {
        using var server = new OurServer(OurServer.Schema("counter.ovsschema"));
        using var bystander = new JsonRpcTestClient(server.SocketPath);
        using (var bad = new JsonRpcTestClient(server.SocketPath))
        {
            bad.SendRaw(input);
            Assert.True(bad.WaitForClose(TimeSpan.FromSeconds(10)), $"{what}: connection was not closed");
        }

        AssertServes(bystander);
        Assert.Contains(logged, WaitForLog(server, logged), StringComparison.Ordinal);
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool"])]
    public void UnknownMethodGetsAnErrorReply()
    {
        using var server = new OurServer(OurServer.Schema("counter.ovsschema"));
        using var client = new JsonRpcTestClient(server.SocketPath);
        client.SendRaw("{\"method\":\"nope\",\"params\":[],\"id\":1}");
        JsonValue? reply = client.Receive(TimeSpan.FromSeconds(10));
        Assert.Equal("{\"id\":1,\"error\":\"unknown method\"}", reply?.ToString(JsonWriteOptions.None));
        AssertServes(client);
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool"])]
    public void HugeStringsAndHugeMessagesAreHandled()
    {
        using var server = new OurServer(OurServer.Schema("counter.ovsschema"));
        using var client = new JsonRpcTestClient(server.SocketPath);
        string big = new('x', 10 * 1024 * 1024);
        JsonObject reply = client.Call("echo", new JsonArray(big), TimeSpan.FromSeconds(60));
        Assert.Equal(big, reply["result"]!.AsArray()[0].AsString());

        // A 100 MB message: either answered or the connection dropped cleanly; the server must survive it.
        using var bystander = new JsonRpcTestClient(server.SocketPath);
        using (var huge = new JsonRpcTestClient(server.SocketPath))
        {
            try
            {
                huge.Call("echo", new JsonArray(new string('y', 100 * 1024 * 1024)), TimeSpan.FromSeconds(120));
            }
            catch (IOException)
            {
                // Dropped: acceptable, as long as the server goes on.
            }
        }

        AssertServes(bystander);
        Assert.True(server.Daemon.IsRunning);
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool"])]
    public void HalfSentMessagesAndAbruptClosesDoNotDisturbOthers()
    {
        using var server = new OurServer(OurServer.Schema("counter.ovsschema"));
        using var bystander = new JsonRpcTestClient(server.SocketPath);
        for (int i = 0; i < 50; i++)
        {
            using var half = new JsonRpcTestClient(server.SocketPath);
            half.SendRaw("{\"method\":\"transact\",\"params\":[\"counter\",{\"op\":\"insert\",\"table\":\"entry\",\"row\":{\"n\":");
        }

        AssertServes(bystander);
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool"])]
    public void ThousandsOfConnections()
    {
        using var server = new OurServer(OurServer.Schema("counter.ovsschema"));
        var clients = new List<JsonRpcTestClient>();
        try
        {
            for (int i = 0; i < 2000; i++)
            {
                clients.Add(new JsonRpcTestClient(server.SocketPath));
            }

            // Every 100th connection still gets answered while all are open.
            for (int i = 0; i < clients.Count; i += 100)
            {
                AssertServes(clients[i]);
            }
        }
        finally
        {
            foreach (JsonRpcTestClient c in clients)
            {
                c.Dispose();
            }
        }

        using var after = new JsonRpcTestClient(server.SocketPath);
        AssertServes(after);
    }

    private static void AssertServes(JsonRpcTestClient client)
    {
        JsonObject reply = client.Call("list_dbs", new JsonArray(), TimeSpan.FromSeconds(30));
        Assert.Contains("counter", reply["result"]!.ToString(), StringComparison.Ordinal);
    }

    private static string WaitForLog(OurServer server, string text)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string log = server.Daemon.Log;
        while (!log.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            log = server.Daemon.Log;
        }

        return log;
    }
}
