// Upstream: lib/jsonrpc.c, jsonrpc_stream_open() (OVS 3.1)
using Ovs.Common;
using Ovs.Transport.Streams;

namespace Ovs.Ovsdb.Client;

/// <summary>The outcome of <see cref="OvsdbClient.ConnectAsync"/>: a client, or an errno and whether we listened.</summary>
public readonly record struct ConnectResult(OvsdbClient? Client, int Error, bool Passive);

public sealed partial class OvsdbClient
{
    /// <summary>
    /// Connects to <paramref name="name"/>: an active method ("unix:FILE", "tcp:IP:PORT") connects; a passive one
    /// ("punix:FILE", "ptcp:PORT") waits for the server to connect to us, as upstream's clients allow. Default port
    /// 6640. Failures are returned, never thrown; an unknown method fails with EAFNOSUPPORT. A
    /// <paramref name="pumped"/> client reads on the waiting caller's thread (see <see cref="Rpc.RpcConnection"/>).
    /// </summary>
    public static async Task<ConnectResult> ConnectAsync(string name, CancellationToken cancellationToken, bool pumped = false)
    {
        if (!StreamFactory.IsActiveName(name) && StreamFactory.IsPassiveName(name))
        {
            StreamResult<OvsListener> listen = StreamFactory.Listen(name, StreamFactory.OvsdbPort);
            if (listen.Value is not { } listener)
            {
                return new ConnectResult(null, listen.Error, true);
            }

            using (listener)
            {
                StreamResult<OvsStream> accepted = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                return accepted.Value is { } stream
                    ? new ConnectResult(new OvsdbClient(stream.Stream, stream.Name), 0, true)
                    : new ConnectResult(null, accepted.Error, true);
            }
        }

        StreamResult<OvsStream> result = await StreamFactory.OpenAsync(name, StreamFactory.OvsdbPort, cancellationToken).ConfigureAwait(false);
        if (result.Value is not { } opened)
        {
            return new ConnectResult(null, result.Error == 0 ? OvsErrno.EAFNOSUPPORT : result.Error, false);
        }

        return new ConnectResult(new OvsdbClient(opened.Stream, name, pumped), 0, false);
    }
}
