// Upstream: lib/stream-ssl.c, ssl_open() and ssl_connect() (OVS 3.1)
using System.Net.Security;
using Ovs.Common;

namespace Ovs.Transport.Streams;

/// <summary>
/// "ssl:HOST:PORT": TCP as for tcp:, then a TLS client handshake with the process-wide <see cref="SslConfiguration"/>.
/// Without a private key, certificate and CA certificate it logs upstream's errors and fails with ENOPROTOOPT before
/// connecting; a failed handshake fails with EPROTO.
/// </summary>
internal sealed class SslStreamProvider : IStreamProvider
{
    private readonly TcpStreamProvider _tcp = new();

    public string Scheme => "ssl";

    public bool UsesPort => true;

    public async ValueTask<StreamResult<OvsStream>> OpenAsync(string name, string suffix, CancellationToken cancellationToken)
    {
        if (SslConfiguration.CurrentContext() is not { } context)
        {
            return StreamResult<OvsStream>.Fail(SslConfiguration.NotConfiguredError);
        }

        StreamResult<OvsStream> tcp = await _tcp.OpenAsync(name, suffix, cancellationToken).ConfigureAwait(false);
        if (tcp.Value is not { } plain)
        {
            return tcp;
        }

        var ssl = new SslStream(plain.Stream, leaveInnerStreamOpen: false);
        int error;
        try
        {
            string? serverName = InetAddressParser.TryParseActive(suffix, -1, out InetTarget target) && target.Address is null ? target.Host : null;
            error = await SslHandshake.RunAsync(ssl, context, server: false, serverName, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (error != 0)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            return StreamResult<OvsStream>.Fail(error);
        }

        return StreamResult<OvsStream>.Ok(new OvsStream(name, plain.Socket, ssl));
    }
}
