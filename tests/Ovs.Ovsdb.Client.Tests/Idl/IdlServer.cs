// Our ovsdb-server, in process, serving a small test database on a unix socket in a sandbox.
using System.Security.Cryptography;
using System.Text;
using Ovs.Common;
using Ovs.Json;
using Ovs.Ovsdb.Server;
using Ovs.Ovsdb.Server.Remotes;
using Ovs.TestKit;

namespace Ovs.Ovsdb.Client.Tests.Idl;

internal sealed class IdlServer : IDisposable
{
    public const string Schema = """
        {"name":"idltest","version":"1.0.0","tables":{
          "Root":{"isRoot":true,"maxRows":1,"columns":{
            "next_cfg":{"type":"integer"},
            "children":{"type":{"key":{"type":"uuid","refTable":"Child"},"min":0,"max":"unlimited"}}}},
          "Child":{"columns":{"name":{"type":"string"},"tags":{"type":{"key":"string","value":"string","min":0,"max":"unlimited"}}}},
          "Simple":{"isRoot":true,"columns":{"i":{"type":"integer"},"s":{"type":"string"},
            "u":{"type":{"key":"integer","min":0,"max":1}}}}}}
        """;

    private readonly Thread _thread;

    public IdlServer()
    {
        Sandbox = new Sandbox("idl");
        string db = Sandbox.PathOf("db");
        byte[] json = Encoding.UTF8.GetBytes(JsonParser.Parse(Schema).ToString() + "\n");
        string header = $"OVSDB JSON {json.Length} {Convert.ToHexStringLower(SHA1.HashData(json))}\n";
        File.WriteAllBytes(db, [.. Encoding.UTF8.GetBytes(header), .. json]);
        Loop = new MainLoop();
        _thread = new Thread(Loop.Run) { IsBackground = true, Name = "idl test server" };
        _thread.Start();
        Server = OnLoop(() => new OvsdbServer(Loop));
        Assert.Null(OnLoop(() => Server.AddDatabaseFile(db)));
        Remote = "unix:" + Sandbox.PathOf("db.sock");
        OnLoop(() => RemoteEndpoint.Start(Server, "p" + Remote, RemoteOptions.Default));
    }

    public Sandbox Sandbox { get; }

    public MainLoop Loop { get; }

    public OvsdbServer Server { get; }

    public string Remote { get; }

    public T OnLoop<T>(Func<T> func)
    {
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

    public void Dispose()
    {
        Loop.Post(Server.Dispose);
        Loop.Stop();
        _thread.Join(TimeSpan.FromSeconds(10));
        Sandbox.Dispose();
    }
}
