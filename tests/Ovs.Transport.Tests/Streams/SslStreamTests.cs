// ssl: and pssl: against a test-side .NET SslStream peer whose PKI the test chooses, since SslConfiguration is
// process-wide and so cannot give the two ends of an in-process connection different settings.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ovs.Common;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Tests.Streams;

[Collection("Log")]
[Trait("upstream", "tests/ovsdb-server.at")]
public sealed class SslStreamTests(LogCapture log, SslTestPki pki) : IDisposable, IClassFixture<SslTestPki>
{
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        SslConfiguration.Reset();
        _cts.Dispose();
    }

    [Fact]
    public async Task PsslListensLikePtcpAndServesAVerifiedClient()
    {
        SslTestPki p = Pki();
        Configure(p, "server", p.Cert("ca"));
        using OvsListener listener = StreamFactory.Listen("pssl:0:127.0.0.1", StreamFactory.OvsdbPort).Value!;
        Assert.True(log.WaitFor($"socket_util|INFO|0:127.0.0.1: listening on port {listener.BoundPort}"));

        Task<StreamResult<OvsStream>> accepting = listener.AcceptAsync(_cts.Token).AsTask();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, listener.BoundPort, _cts.Token);
        await using var peer = new SslStream(tcp.GetStream());
        X509Certificate? seen = null;
        Task handshake = peer.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = string.Empty,
                ClientCertificateContext = SslStreamCertificateContext.Create(p.Load("client"), null, offline: true),
                RemoteCertificateValidationCallback = (_, c, _, _) => (seen = c) is not null,
            },
            _cts.Token);

        await using OvsStream accepted = (await accepting).Value!;
        Assert.StartsWith("ssl:127.0.0.1:", accepted.Name, StringComparison.Ordinal);
        Task<string> reading = ReadAsync(accepted.Stream, 4);
        await handshake;
        await peer.WriteAsync(Encoding.ASCII.GetBytes("ping"), _cts.Token);
        Assert.Equal("ping", await reading);
        Assert.Equal("client", accepted.PeerId);
        Assert.Contains("CN=server", seen!.Subject, StringComparison.Ordinal);

        await accepted.Stream.WriteAsync(Encoding.ASCII.GetBytes("pong"), _cts.Token);
        Assert.Equal("pong", await ReadAsync(peer, 4));
    }

    [Fact]
    public async Task PsslRejectsAClientFromAnotherCa()
    {
        SslTestPki p = Pki();
        Configure(p, "server", p.Cert("ca"));
        using OvsListener listener = StreamFactory.Listen("pssl:0:127.0.0.1", 0).Value!;
        Task<StreamResult<OvsStream>> accepting = listener.AcceptAsync(_cts.Token).AsTask();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, listener.BoundPort, _cts.Token);
        await using var peer = new SslStream(tcp.GetStream());
        Task handshake = peer.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = string.Empty,
                ClientCertificateContext = SslStreamCertificateContext.Create(p.Load("other"), null, offline: true),
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            _cts.Token);

        await using OvsStream accepted = (await accepting).Value!;
        IOException error = await Assert.ThrowsAsync<IOException>(() => ReadAsync(accepted.Stream, 1));
        Assert.Equal(OvsErrno.EPROTO, error.HResult);
        Assert.Contains(log.Lines, l => l.StartsWith("stream_ssl|WARN|SSL_accept: ", StringComparison.Ordinal));

        // Depending on timing the peer's handshake fails or its first read does; either way it learns nothing.
        _ = handshake.ContinueWith(t => t.Exception, TaskScheduler.Default);
    }

    [Fact]
    public async Task PsslAcceptFailsWithoutConfiguration()
    {
        SslConfiguration.Reset();
        using OvsListener listener = StreamFactory.Listen("pssl:0:127.0.0.1", 0).Value!;
        Task<StreamResult<OvsStream>> accepting = listener.AcceptAsync(_cts.Token).AsTask();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, listener.BoundPort, _cts.Token);

        Assert.Equal(OvsErrno.ENOPROTOOPT, (await accepting).Error);
        Assert.True(log.WaitFor("stream_ssl|ERR|Private key must be configured to use SSL"));
        Assert.True(log.WaitFor("stream_ssl|ERR|Certificate must be configured to use SSL"));
        Assert.True(log.WaitFor("stream_ssl|ERR|CA certificate must be configured to use SSL"));
    }

    [Fact]
    public async Task SslConnectsWithMutualAuthentication()
    {
        SslTestPki p = Pki();
        Configure(p, "client", p.Cert("ca"));
        await using TestServer server = TestServer.Start(p.Load("server"), []);

        StreamResult<OvsStream> opened = await StreamFactory.OpenAsync($"ssl:127.0.0.1:{server.Port}", StreamFactory.OvsdbPort, _cts.Token);
        await using OvsStream stream = opened.Value!;
        Assert.Equal($"ssl:127.0.0.1:{server.Port}", stream.Name);
        await stream.Stream.WriteAsync(Encoding.ASCII.GetBytes("hi"), _cts.Token);
        SslStream accepted = await server.Accepted;
        Assert.Equal("hi", await ReadAsync(accepted, 2));
        Assert.Contains("CN=client", server.ClientCertificate!.Subject, StringComparison.Ordinal);
        Assert.Equal("server", stream.PeerId);
    }

    [Fact]
    public async Task SslRejectsAServerFromAnotherCa()
    {
        SslTestPki p = Pki();
        Configure(p, "client", p.Cert("ca"));
        await using TestServer server = TestServer.Start(p.Load("other"), []);

        StreamResult<OvsStream> opened = await StreamFactory.OpenAsync($"ssl:127.0.0.1:{server.Port}", 0, _cts.Token);
        Assert.Equal(OvsErrno.EPROTO, opened.Error);
        Assert.Contains(log.Lines, l => l.StartsWith("stream_ssl|WARN|SSL_connect: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CaCertNoneDisablesVerification()
    {
        SslTestPki p = Pki();
        Configure(p, "client", "none");
        Assert.True(log.WaitFor("stream_ssl|WARN|Peer certificate validation disabled (this is a security risk)"));
        await using TestServer server = TestServer.Start(p.Load("other"), []);

        StreamResult<OvsStream> opened = await StreamFactory.OpenAsync($"ssl:127.0.0.1:{server.Port}", 0, _cts.Token);
        await using OvsStream stream = opened.Value!;
        Assert.Equal(0, opened.Error);
    }

    [Fact]
    public async Task SslWithoutConfigurationFailsBeforeConnecting()
    {
        SslConfiguration.Reset();
        SslConfiguration.SetPrivateKeyFile("/nonexistent/key.pem");
        StreamResult<OvsStream> opened = await StreamFactory.OpenAsync("ssl:127.0.0.1:1", 0, _cts.Token);
        Assert.Equal(OvsErrno.ENOPROTOOPT, opened.Error);
        Assert.True(log.WaitFor("stream_ssl|ERR|Certificate must be configured to use SSL"));
        Assert.True(log.WaitFor("stream_ssl|ERR|CA certificate must be configured to use SSL"));
    }

    [Fact]
    public async Task BootstrapNeedsThePeersCaInItsChain()
    {
        // .NET's SslStream never sends a self-signed root, so the positive case runs against Debian's ovsdb-server
        // (SslInteropTests); here the peer sends only its own certificate, which cannot be bootstrapped from.
        SslTestPki p = Pki();
        string caFile = Path.Combine(p.Directory, $"bootstrap-{Guid.NewGuid():N}.pem");
        SslConfiguration.Reset();
        SslConfiguration.SetPrivateKeyFile(p.Key("client"));
        SslConfiguration.SetCertificateFile(p.Cert("client"));
        SslConfiguration.SetCaCertFile(caFile, bootstrap: true);
        await using TestServer server = TestServer.Start(p.Load("server"), []);

        StreamResult<OvsStream> first = await StreamFactory.OpenAsync($"ssl:127.0.0.1:{server.Port}", 0, _cts.Token);
        Assert.Equal(OvsErrno.EPROTO, first.Error);
        Assert.False(File.Exists(caFile));
        Assert.True(log.WaitFor("stream_ssl|ERR|could not bootstrap CA cert: obtained certificate is not self-signed (subject issuer mismatch)"));
        Assert.True(log.WaitFor("stream_ssl|ERR|only one certificate was received, so probably the peer is not configured to send its CA certificate"));
    }

    [Theory]
    [InlineData("TLSv1.2", true)]
    [InlineData("TLSv1.2,TLSv1.1", true)]
    [InlineData("TLSv1 TLSv1.1\tTLSv1.2", true)]
    [InlineData("SSLv3", false)]
    [InlineData("", false)]
    public void ParsesProtocolLists(string list, bool valid)
    {
        Assert.Equal(valid, SslConfiguration.ParseProtocols(list) is not null);
        if (list == "SSLv3")
        {
            Assert.True(log.WaitFor("stream_ssl|WARN|SSLv3: SSL protocol not recognized"));
        }
    }

    [Fact]
    public void CipherListSelectingNothingIsRejectedLikeOpenSsl()
    {
        SslConfiguration.SetCiphers("aNULL");
        Assert.True(log.WaitFor("stream_ssl|ERR|SSL_CTX_set_cipher_list: no cipher match"));
    }

    [Fact]
    public void FormatsNamesInOpenSslOneLineForm()
    {
        var name = new X500DistinguishedName("CN=OVS switchca CA Certificate, OU=switchca, O=Open vSwitch, ST=CA, C=US");
        Assert.Equal("/C=US/ST=CA/O=Open vSwitch/OU=switchca/CN=OVS switchca CA Certificate", SslPeerVerifier.OneLine(name));
    }

    private static void Configure(SslTestPki keys, string identity, string caCert)
    {
        SslConfiguration.Reset();
        SslConfiguration.SetPrivateKeyFile(keys.Key(identity));
        SslConfiguration.SetCertificateFile(keys.Cert(identity));
        SslConfiguration.SetCaCertFile(caCert, bootstrap: false);
    }

    private SslTestPki Pki()
    {
        Assert.True(pki.Available, pki.Error);
        return pki;
    }

    private async Task<string> ReadAsync(Stream stream, int count)
    {
        byte[] buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, _cts.Token);
        return Encoding.ASCII.GetString(buffer);
    }

    /// <summary>A one-connection TLS server that requires a client certificate and accepts any.</summary>
    private sealed class TestServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly List<IDisposable> _owned = [];

        private TestServer(TcpListener listener, Task<SslStream> accepted)
        {
            _listener = listener;
            Accepted = accepted;
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<SslStream> Accepted { get; }

        public X509Certificate? ClientCertificate { get; private set; }

        public static TestServer Start(X509Certificate2 certificate, X509Certificate2[] chain)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            TestServer? server = null;
            var context = SslStreamCertificateContext.Create(certificate, [.. chain], offline: true);
            server = new TestServer(listener, AcceptLoopAsync());
            return server;

            async Task<SslStream> AcceptLoopAsync()
            {
                while (true)
                {
                    TcpClient client = await listener.AcceptTcpClientAsync();
                    var ssl = new SslStream(client.GetStream());
                    server!._owned.Add(client);
                    server._owned.Add(ssl);
                    try
                    {
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        {
                            ServerCertificateContext = context,
                            ClientCertificateRequired = true,
                            RemoteCertificateValidationCallback = (_, c, _, _) => (server.ClientCertificate = c) is not null,
                        });
                        return ssl;
                    }
                    catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
                    {
                        // The client under test gave up (rejected us, or bootstrapped and hung up): take the next one.
                    }
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _listener.Stop();
            foreach (IDisposable owned in _owned.ToList())
            {
                owned.Dispose();
            }

            return ValueTask.CompletedTask;
        }
    }
}
