// Upstream: lib/stream-ssl.c, pssl_open() and pssl_accept() (OVS 3.1)
using System.Net.Security;
using System.Net.Sockets;

namespace Ovs.Transport.Streams;

/// <summary>
/// "pssl:[PORT][:IP]": listens on TCP as ptcp: does (same "listening on port N" line for port 0) and runs a TLS
/// server handshake on each accepted connection, named "ssl:IP:PORT". The settings are checked per connection, as
/// upstream does: with a missing key, certificate or CA certificate the accept fails with ENOPROTOOPT after the
/// errors are logged, and the listener keeps listening.
/// </summary>
internal sealed class PsslStreamProvider : IPassiveStreamProvider
{
    public string Scheme => "pssl";

    public StreamResult<OvsListener> Listen(string name, string suffix, int defaultPort) =>
        PtcpStreamProvider.ListenTcp(name, suffix, defaultPort, "ssl:", Wrap);

    private static StreamResult<OvsStream> Wrap(string name, Socket socket)
    {
        if (SslConfiguration.CurrentContext() is not { } context)
        {
            socket.Dispose();
            return StreamResult<OvsStream>.Fail(SslConfiguration.NotConfiguredError);
        }

        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        return StreamResult<OvsStream>.Ok(new OvsStream(name, socket, new SslAcceptedStream(ssl, context, CancellationToken.None)));
    }
}
