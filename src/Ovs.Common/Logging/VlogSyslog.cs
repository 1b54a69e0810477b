// Upstream: lib/syslog-libc.c, lib/syslog-direct.c, vlog --syslog-target (OVS 3.1)
//
// Syslog output without calling libc's variadic syslog(): for the default "libc" method we send what libc would,
// "<PRI>Mmm dd hh:mm:ss PROGRAM: MESSAGE", as one datagram to /dev/log; "unix:FILE" and "udp:HOST:PORT" send
// upstream's direct-method prefix "<%B> %D{%h %e %T} %E %A: " followed by the message. --syslog-target adds a
// UDP copy of every syslog message. Failures (no syslog daemon, as in containers) silently drop the message,
// like libc does. Called only under Vlog's lock, so the sockets need no locking of their own.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ovs.Common.Logging;

internal static class VlogSyslog
{
    internal const string DirectPrefix = "<%B> %D{%h %e %T} %E %A: ";

    private static Socket? s_socket;
    private static EndPoint? s_endPoint;
    private static bool s_direct;
    private static bool s_failed;
    private static Socket? s_targetSocket;
    private static EndPoint? s_target;

    /// <summary>Parses and applies --syslog-method; returns an error message or null.</summary>
    public static string? SetMethod(string method)
    {
        ResetSocket();
        if (method == "libc")
        {
            s_direct = false;
            return null;
        }

        if (method.StartsWith("unix:", StringComparison.Ordinal))
        {
            s_direct = true;
            s_endPoint = new UnixDomainSocketEndPoint(method[5..]);
            return null;
        }

        if (method.StartsWith("udp:", StringComparison.Ordinal))
        {
            // Upstream accepts any udp: argument here and only fails later when sending; an unparsable address
            // therefore just disables syslog output.
            s_direct = true;
            if (TryParseHostPort(method[4..], out IPEndPoint? ep))
            {
                s_endPoint = ep;
            }
            else
            {
                s_failed = true;
            }

            return null;
        }

        return $"unsupported syslog method '{method}'";
    }

    /// <summary>
    /// Parses and applies --syslog-target=HOST:PORT. A bad target is not fatal: upstream logs an error from
    /// socket_util and carries on without the extra destination, so this returns the message to log or null.
    /// </summary>
    public static string? SetTarget(string target)
    {
        if (!TryParseHostPort(target, out IPEndPoint? ep))
        {
            int colon = target.LastIndexOf(':');
            return colon < 0 || target.StartsWith('[') && target.EndsWith(']')
                ? $"{target}: port must be specified"
                : $"{target}: bad peer name format";
        }

        s_targetSocket?.Dispose();
        s_targetSocket = new Socket(ep.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        s_target = ep;
        return null;
    }

    public static void Send(in VlogEvent e, string message)
    {
        string line = s_direct
            ? VlogPattern.Format(DirectPrefix, e) + message
            : VlogPattern.Format("<%B>%D{%h %e %T} %A: ", e) + message;
        byte[] bytes = Encoding.UTF8.GetBytes(line);
        if (s_target is not null && s_targetSocket is not null)
        {
            TrySend(s_targetSocket, s_target, bytes);
        }

        if (s_failed)
        {
            return;
        }

        try
        {
            if (s_socket is null)
            {
                s_endPoint ??= new UnixDomainSocketEndPoint("/dev/log");
                AddressFamily family = s_endPoint.AddressFamily;
                s_socket = new Socket(family, SocketType.Dgram, family == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Udp);
            }

            s_socket.SendTo(bytes, s_endPoint!);
        }
        catch (SocketException)
        {
            // Remember the failure so a missing syslog daemon costs one attempt, not one per message.
            s_failed = true;
        }
    }

    private static void TrySend(Socket socket, EndPoint endPoint, byte[] bytes)
    {
        try
        {
            socket.SendTo(bytes, endPoint);
        }
        catch (SocketException)
        {
            // Best effort, as upstream: a lost syslog datagram is not an error.
        }
    }

    private static void ResetSocket()
    {
        s_socket?.Dispose();
        s_socket = null;
        s_endPoint = null;
        s_failed = false;
    }

    private static bool TryParseHostPort(string text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(text.AsSpan(colon + 1), out ushort port))
        {
            return false;
        }

        string host = text[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }
}
