// ssl:/pssl: interop with Debian's Open vSwitch 3.1.0 (OpenSSL underneath): its ovsdb-client against our
// ovsdb-server, and our ovsdb-client against its ovsdb-server, including CA bootstrapping, which needs a peer that
// sends its CA certificate (--peer-ca-cert), something only the OpenSSL side can do. Skipped with a reason when
// either side's programs are missing.
using System.Text.RegularExpressions;
using Ovs.TestKit;

namespace Ovs.Transport.Tests.Streams;

[Trait("upstream", "tests/ovsdb-server.at")]
public sealed partial class SslInteropTests(SslTestPki pki) : IDisposable, IClassFixture<SslTestPki>
{
    private const string Schema = """{"name": "mydb", "tables": {"t": {"columns": {"s": {"type": "string"}}}}}""";

    private readonly Sandbox _sandbox = new("ovsssl");

    public void Dispose() => _sandbox.Dispose();

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-client", "ovsdb-tool"])]
    public void DebianClientTransactsWithOurServer()
    {
        using DaemonHarness server = StartServer(ProgramRunner.Ours("ovsdb-server")!, []);
        int port = ListeningPort(server);

        ProgramResult r = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, [.. ClientPki(), "transact", $"ssl:127.0.0.1:{port}", """["mydb",{"op":"insert","table":"t","row":{"s":"x"}}]"""], _sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.True(r.ExitCode == 0, r.Stderr + server.Log);
        Assert.StartsWith("[{\"uuid\":[\"uuid\",", r.Stdout, StringComparison.Ordinal);

        r = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, [.. ClientPki(), "list-dbs", $"ssl:127.0.0.1:{port}"], _sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(new ProgramResult(0, "_Server\nmydb\n", string.Empty), r);
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-client", "ovsdb-tool"])]
    public void DebianClientFromAnotherCaIsRejected()
    {
        using DaemonHarness server = StartServer(ProgramRunner.Ours("ovsdb-server")!, []);
        int port = ListeningPort(server);

        ProgramResult r = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, ["-p", pki.Key("other"), "-c", pki.Cert("other"), "-C", pki.Cert("ca"), "list-dbs", $"ssl:127.0.0.1:{port}"], _sandbox, timeout: TimeSpan.FromSeconds(20));
        // As with Debian's server, the client's side of the handshake may complete before the server rejects it,
        // so the client reports a failed transaction rather than a failed connection.
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("ovsdb-client: ", r.Stderr, StringComparison.Ordinal);
        Thread.Sleep(200);
        Assert.Contains("|stream_ssl|WARN|SSL_accept: ", server.Log, StringComparison.Ordinal);
        Assert.Contains("|jsonrpc|WARN|ssl:127.0.0.1:", server.Log, StringComparison.Ordinal);
    }

    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool"])]
    public void OurClientBootstrapsFromDebianServerThenTransacts()
    {
        using DaemonHarness server = StartServer(ProgramRunner.Reference("ovsdb-server")!, ["--peer-ca-cert=" + pki.Cert("ca")]);
        int port = ListeningPort(server);
        string caFile = _sandbox.PathOf("bootstrapped.pem");
        string[] pkiArgs = ["-p", pki.Key("client"), "-c", pki.Cert("client"), "--bootstrap-ca-cert=" + caFile];

        ProgramResult r = ProgramRunner.Run(ProgramRunner.Ours("ovsdb-client")!, [.. pkiArgs, "list-dbs", $"ssl:127.0.0.1:{port}"], _sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"|stream_ssl|INFO|successfully bootstrapped CA cert to {caFile}\n", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("|stream_ssl|INFO|killing successful connection to retry using CA cert\n", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(pki.Cert("ca")).Trim(), File.ReadAllText(caFile).Trim());

        r = ProgramRunner.Run(ProgramRunner.Ours("ovsdb-client")!, [.. pkiArgs, "list-dbs", $"ssl:127.0.0.1:{port}"], _sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(new ProgramResult(0, "_Server\nmydb\n", string.Empty), r);
    }

    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool"])]
    public void OurClientWithoutPkiFailsLikeUpstream()
    {
        using DaemonHarness server = StartServer(ProgramRunner.Reference("ovsdb-server")!, []);
        int port = ListeningPort(server);

        ProgramResult ours = ProgramRunner.Run(ProgramRunner.Ours("ovsdb-client")!, ["-p", pki.Key("client"), "list-dbs", $"ssl:127.0.0.1:{port}"], _sandbox, timeout: TimeSpan.FromSeconds(20));
        ProgramResult theirs = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, ["-p", pki.Key("client"), "list-dbs", $"ssl:127.0.0.1:{port}"], _sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(1, ours.ExitCode);
        Assert.Equal(StripTimes(theirs.Stderr), StripTimes(ours.Stderr));
    }

    private string[] ClientPki() => ["--private-key=" + pki.Key("client"), "--certificate=" + pki.Cert("client"), "--ca-cert=" + pki.Cert("ca")];

    private DaemonHarness StartServer(string path, string[] extra)
    {
        Assert.True(pki.Available, pki.Error);
        File.WriteAllText(_sandbox.PathOf("schema"), Schema);
        ProgramResult created = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-tool")!, ["create", _sandbox.PathOf("db"), _sandbox.PathOf("schema")], _sandbox);
        Assert.Equal(0, created.ExitCode);
        return DaemonHarness.Start(path, _sandbox, [
            "--private-key=" + pki.Key("server"), "--certificate=" + pki.Cert("server"), "--ca-cert=" + pki.Cert("ca"),
            .. extra, "--remote=pssl:0:127.0.0.1", _sandbox.PathOf("db")]);
    }

    /// <summary>The port from "0:127.0.0.1: listening on port N", as the upstream tests' PARSE_LISTENING_PORT reads it.</summary>
    private static int ListeningPort(DaemonHarness server)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            Match m = ListeningLine().Match(server.Log);
            if (m.Success)
            {
                return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException("no listening line in the log:\n" + server.Log);
    }

    private static string StripTimes(string text) => TimeStamp().Replace(text, string.Empty);

    [GeneratedRegex(@"0:.*: listening on port ([0-9]+)\n", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^\S+\|\d+\|", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TimeStamp();
}
