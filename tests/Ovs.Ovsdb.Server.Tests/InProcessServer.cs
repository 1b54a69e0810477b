// An OvsdbServer running on its own MainLoop thread inside the test process, with sessions whose outgoing messages
// are captured. The database file is written by the test in the standalone log format ("OVSDB JSON" framing), so
// these tests need no external program.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Ovs.Common;
using Ovs.Json;
using Ovs.Ovsdb.Server.Sessions;
using Ovs.TestKit;
using Ovs.Transport.JsonRpc;

namespace Ovs.Ovsdb.Server.Tests;

internal sealed class InProcessServer : IDisposable
{
    public const string Schema = """
        {"name":"db","version":"1.0.0","tables":{
          "r":{"isRoot":true,"columns":{"target":{"type":"string"},"read_only":{"type":"boolean"},
               "n":{"type":"integer"}}},
          "c":{"isRoot":true,"columns":{"remotes":{"type":{"key":{"type":"uuid","refTable":"r"},"min":0,"max":"unlimited"}},
               "targets":{"type":{"key":"string","min":0,"max":"unlimited"}}}}}}
        """;

    private readonly Thread _thread;

    public InProcessServer()
    {
        Sandbox = new Sandbox("ovss");
        DbPath = Sandbox.PathOf("db.db");
        WriteDatabase(DbPath, Schema);
        Loop = new MainLoop();
        Server = OnLoop(() => new OvsdbServer(Loop));
        _thread = new Thread(Loop.Run) { IsBackground = true, Name = "test main loop" };
        _thread.Start();
        OvsdbError? error = OnLoop(() => Server.AddDatabaseFile(DbPath));
        Assert.Null(error);
    }

    public Sandbox Sandbox { get; }

    public string DbPath { get; }

    public MainLoop Loop { get; }

    public OvsdbServer Server { get; }

    /// <summary>Writes a standalone database file holding only <paramref name="schema"/>.</summary>
    public static void WriteDatabase(string path, string schema)
    {
        byte[] json = Encoding.UTF8.GetBytes(JsonParser.Parse(schema).ToString() + "\n");
        string header = $"OVSDB JSON {json.Length} {Convert.ToHexStringLower(SHA1.HashData(json))}\n";
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(header), .. json]);
    }

    /// <summary>Runs <paramref name="func"/> on the server's loop and waits for its result.</summary>
    public T OnLoop<T>(Func<T> func)
    {
        if (_thread is null || !_thread.IsAlive)
        {
            return func();
        }

        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Loop.Post(() =>
        {
            try
            {
                done.SetResult(func());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        Assert.True(done.Task.Wait(TimeSpan.FromSeconds(10)), "main loop did not run the action");
        return done.Task.Result;
    }

    public Client Connect(bool readOnly = false, string? role = null, string? peerId = null)
    {
        var transport = new CapturingTransport { PeerId = peerId };
        ServerSession session = OnLoop(() => Server.AddSession(transport, readOnly, null, role));
        return new Client(this, session, transport);
    }

    public void Dispose()
    {
        Loop.Post(Server.Dispose);
        Loop.Stop();
        _thread.Join(TimeSpan.FromSeconds(10));
        Sandbox.Dispose();
    }

    internal sealed class CapturingTransport : ISessionTransport
    {
        public BlockingCollection<JsonObject> Sent { get; } = [];

        public bool Closed { get; private set; }

        public string Name => "test#1";

        public string? PeerId { get; set; }

        public void Send(JsonRpcMessage message) => Sent.Add(message.ToJson());

        public void Close() => Closed = true;
    }

    internal sealed class Client(InProcessServer owner, ServerSession session, CapturingTransport transport)
    {
        private long _nextId;

        public ServerSession Session { get; } = session;

        public CapturingTransport Transport { get; } = transport;

        /// <summary>Sends a request; returns its id.</summary>
        public JsonValue Send(string method, string parameters)
        {
            JsonValue id = JsonValue.Integer(_nextId++);
            var request = JsonRpcMessage.CreateRequest(method, JsonParser.Parse(parameters).AsArray(), id);
            owner.OnLoop(() =>
            {
                owner.Server.HandleMessage(Session, request);
                return 0;
            });
            return id;
        }

        public void Notify(string method, string parameters) => owner.OnLoop(() =>
        {
            owner.Server.HandleMessage(Session, JsonRpcMessage.CreateNotification(method, JsonParser.Parse(parameters).AsArray()));
            return 0;
        });

        /// <summary>The next message sent to this client, or null if none comes within <paramref name="ms"/>.</summary>
        public JsonObject? Next(int ms = 5000) => Transport.Sent.TryTake(out JsonObject? m, ms) ? m : null;

        /// <summary>Sends a request and returns the next message, which must be its reply.</summary>
        public JsonObject Call(string method, string parameters)
        {
            JsonValue id = Send(method, parameters);
            JsonObject reply = Next() ?? throw new TimeoutException($"no reply to {method}");
            Assert.Equal(id, reply["id"]);
            return reply;
        }
    }
}
