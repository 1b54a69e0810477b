// Upstream: lib/stream-ssl.c, ssl_connect() and the SSL_connect/SSL_accept error reporting (OVS 3.1)
//
// Runs one TLS handshake with the process-wide settings and turns its outcome into an errno: 0, EPROTO for any
// handshake failure (logged at WARN as "SSL_connect: ..." or "SSL_accept: ..." like upstream, with .NET's reason
// in place of OpenSSL's), or EPROTO after a successful handshake that bootstrapped the CA certificate, which is
// dropped so the next connection verifies the peer.
using System.Net.Security;
using System.Security.Authentication;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Transport.Streams;

internal static class SslHandshake
{
    private static readonly VlogModule s_log = VlogModule.Get("stream_ssl");

    /// <summary>
    /// Authenticates <paramref name="ssl"/> as client or server; 0 or an errno. A client indicates
    /// <paramref name="serverName"/> (SNI) when it connects by host name.
    /// </summary>
    public static async Task<int> RunAsync(SslStream ssl, SslContext context, bool server, string? serverName, CancellationToken cancellationToken)
    {
        SslPeerVerifier verifier = context.NewVerifier();
        try
        {
            if (server)
            {
                await ssl.AuthenticateAsServerAsync(context.ServerOptions(verifier), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ssl.AuthenticateAsClientAsync(context.ClientOptions(verifier, serverName), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or ObjectDisposedException)
        {
            s_log.Warn($"{(server ? "SSL_accept" : "SSL_connect")}: {Reason(ex)}");
            return OvsErrno.EPROTO;
        }

        if (server && ssl.TargetHostName.Length > 0)
        {
            s_log.Dbg($"connection indicated server name {ssl.TargetHostName}");
        }

        if (verifier.Bootstrapped)
        {
            s_log.Info("killing successful connection to retry using CA cert");
            return OvsErrno.EPROTO;
        }

        return 0;
    }

    private static string Reason(Exception ex)
    {
        Exception inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return ex is IOException && inner == ex ? "unexpected eof while reading" : inner.Message;
    }
}
