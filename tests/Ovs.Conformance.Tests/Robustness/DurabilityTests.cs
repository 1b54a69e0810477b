// A transaction is acknowledged only once it is durable: a client streams inserts while the server is killed
// with SIGKILL at random moments and restarted; afterwards every acknowledged insert must be in the database.
using Ovs.Json;
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.Robustness;

public sealed class DurabilityTests
{
    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool"])]
    public void AcknowledgedTransactionsSurviveSigkill()
    {
        using var server = new OurServer(OurServer.Schema("counter.ovsschema"));
        var random = new Random(20261125);
        var acknowledged = new HashSet<long>();
        long next = 0;
        const int Kills = 6;
        for (int round = 0; round < Kills; round++)
        {
            // Stream inserts on a background thread; kill the server after a random delay.
            using var done = new ManualResetEventSlim();
            var thread = new Thread(() =>
            {
                try
                {
                    using var client = new JsonRpcTestClient(server.SocketPath);
                    while (true)
                    {
                        long n = Interlocked.Increment(ref next);
                        JsonObject reply = client.Call("transact", Insert(n), TimeSpan.FromSeconds(5));
                        if (reply["error"] is { IsNull: false })
                        {
                            break;
                        }

                        JsonArray results = reply["result"]!.AsArray();
                        if (results.Count == 1 && results[0] is JsonObject o && o.ContainsKey("uuid"))
                        {
                            lock (acknowledged)
                            {
                                acknowledged.Add(n);
                            }
                        }
                    }
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidDataException)
                {
                    // The server died under us: expected.
                }
                finally
                {
                    done.Set();
                }
            });
            thread.Start();
            Thread.Sleep(random.Next(50, 400));
            server.Kill();
            Assert.True(done.Wait(TimeSpan.FromSeconds(20)), "client did not notice the server's death");
            server.Start();
        }

        using var check = new JsonRpcTestClient(server.SocketPath);
        JsonObject select = check.Call("transact", new JsonArray(
            "counter",
            new JsonObject { { "op", "select" }, { "table", "entry" }, { "where", new JsonArray() }, { "columns", new JsonArray("n") } }));
        var present = new HashSet<long>();
        foreach (JsonValue row in select["result"]!.AsArray()[0].AsObject()["rows"]!.AsArray())
        {
            present.Add(row.AsObject()["n"]!.AsInteger());
        }

        Assert.True(acknowledged.Count > Kills, $"too few transactions acknowledged ({acknowledged.Count}) to mean anything");
        var lost = acknowledged.Where(n => !present.Contains(n)).Order().ToList();
        Assert.True(lost.Count == 0, $"acknowledged but lost after SIGKILL: {string.Join(", ", lost)}");
    }

    private static JsonArray Insert(long n) => new(
        "counter",
        new JsonObject
        {
            { "op", "insert" },
            { "table", "entry" },
            { "row", new JsonObject { { "n", n }, { "payload", new string('x', 200) } } },
        });
}
