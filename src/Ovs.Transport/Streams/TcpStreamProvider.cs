// Upstream: lib/stream-tcp.c, tcp_open() (OVS 3.1)
using System.Net;
using System.Net.Sockets;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Transport.Streams;

/// <summary>
/// "tcp:HOST:PORT": connects over TCP (IPv4, or IPv6 in brackets). A host name is resolved first; an address that
/// cannot be parsed or resolved fails with EAFNOSUPPORT after the "NAME: connect: ..." error upstream logs.
/// </summary>
internal sealed class TcpStreamProvider : IStreamProvider
{
    private static readonly VlogModule s_log = VlogModule.Get("stream_tcp");

    public string Scheme => "tcp";

    public bool UsesPort => true;

    public async ValueTask<StreamResult<OvsStream>> OpenAsync(string name, string suffix, CancellationToken cancellationToken)
    {
        if (!InetAddressParser.TryParseActive(suffix, -1, out InetTarget target))
        {
            return Unusable(name);
        }

        IPAddress? address = target.Address ?? await ResolveAsync(target.Host, cancellationToken).ConfigureAwait(false);
        if (address is null)
        {
            return Unusable(name);
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(new IPEndPoint(address, target.Port), cancellationToken).ConfigureAwait(false);
            return StreamResult<OvsStream>.Ok(new OvsStream(name, socket));
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            throw;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            socket.Dispose();
            return StreamResult<OvsStream>.Fail(Errno.FromException(ex));
        }
    }

    /// <summary>Resolves a host name to its first address, or null (names only; literals never get here).</summary>
    internal static async ValueTask<IPAddress?> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // Digits-and-dots strings that are not dotted quads ("1.2.3") must not reach the resolver, which would
        // read them as old-style IPv4 shorthand; upstream rejects them.
        if (host.Length == 0 || host.All(c => char.IsAsciiDigit(c) || c == '.') || host.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault();
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static StreamResult<OvsStream> Unusable(string name)
    {
        s_log.Err($"{name}: connect: {Errno.ToText(OvsErrno.EAFNOSUPPORT)}");
        return StreamResult<OvsStream>.Fail(OvsErrno.EAFNOSUPPORT);
    }
}
