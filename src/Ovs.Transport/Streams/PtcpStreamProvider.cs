// Upstream: lib/stream-tcp.c, ptcp_open(), and lib/socket-util.c, inet_open_passive() (OVS 3.1)
using System.Net;
using System.Net.Sockets;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Transport.Streams;

/// <summary>
/// "ptcp:[PORT][:IP]": listens on TCP. Port 0 binds an ephemeral port, logged as upstream does ("0:127.0.0.1:
/// listening on port 43559") and reported by <see cref="OvsListener.BoundPort"/>.
/// </summary>
internal sealed class PtcpStreamProvider : IPassiveStreamProvider
{
    private static readonly VlogModule s_socketLog = VlogModule.Get("socket_util");
    private static readonly VlogModule s_dnsLog = VlogModule.Get("dns_resolve");

    public string Scheme => "ptcp";

    public StreamResult<OvsListener> Listen(string name, string suffix, int defaultPort) =>
        ListenTcp(name, suffix, defaultPort, "tcp:", null);

    /// <summary>Binds and listens; accepted streams are named ACCEPTPREFIX + address and passed to wrap.</summary>
    internal static StreamResult<OvsListener> ListenTcp(
        string name, string suffix, int defaultPort, string acceptPrefix, Func<string, Socket, StreamResult<OvsStream>>? wrap)
    {
        if (!InetAddressParser.TryParsePassive(suffix, defaultPort, out InetTarget target))
        {
            return StreamResult<OvsListener>.Fail(OvsErrno.EAFNOSUPPORT);
        }

        IPAddress? address = target.Address ?? ResolveSync(target.Host);
        if (address is null)
        {
            s_dnsLog.Warn($"{target.Host}: failed to resolve");
            return StreamResult<OvsListener>.Fail(OvsErrno.EAFNOSUPPORT);
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, target.Port));
            socket.Listen(64);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            int error = Errno.FromException(ex);
            s_socketLog.Err($"{suffix}: bind: {Errno.ToText(error)}");
            return StreamResult<OvsListener>.Fail(error);
        }

        var listener = new OvsListener(name, socket, acceptPrefix, null, wrap);
        if (target.Port == 0)
        {
            s_socketLog.Info($"{suffix}: listening on port {listener.BoundPort}");
        }

        return StreamResult<OvsListener>.Ok(listener);
    }

    private static IPAddress? ResolveSync(string host)
    {
        if (host.Length == 0 || host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return null;
        }

        try
        {
            IPAddress[] addresses = Dns.GetHostAddresses(host);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
