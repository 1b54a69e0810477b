// Upstream: lib/socket-util.c, inet_parse_active() and inet_parse_passive() (OVS 3.1)
//
// Parses the address part of tcp:/ssl: (active, "HOST:PORT") and ptcp:/pssl: (passive, "[PORT][:IP]") connection
// methods. IPv6 addresses go in brackets. Host names are allowed and resolved later by the caller; only IP literals
// are checked here. Errors are logged at the socket_util module with upstream's wording, and the caller turns them
// into EAFNOSUPPORT, which is what upstream's stream layer reports for an unusable address. Pure apart from logging.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ovs.Common.Logging;

namespace Ovs.Transport.Streams;

/// <summary>A parsed inet address: either <see cref="Address"/> is set, or <see cref="Host"/> is a name to resolve.</summary>
public readonly record struct InetTarget(string Host, IPAddress? Address, int Port);

/// <summary>Parses "HOST:PORT" and "[PORT][:IP]" strings as upstream does.</summary>
public static class InetAddressParser
{
    private static readonly VlogModule s_log = VlogModule.Get("socket_util");

    /// <summary>
    /// Parses an active target such as "127.0.0.1:6640" or "[::1]:6640". A missing port takes
    /// <paramref name="defaultPort"/>, or is an error when it is negative. Returns false (after logging) on error.
    /// </summary>
    public static bool TryParseActive(string target, int defaultPort, out InetTarget result)
    {
        result = default;
        if (!SplitHostPort(target, out string host, out string? port))
        {
            s_log.Err($"{target}: port must be specified");
            return false;
        }

        int portNumber;
        if (port is null)
        {
            if (defaultPort < 0)
            {
                s_log.Err($"{target}: port must be specified");
                return false;
            }

            portNumber = defaultPort;
        }
        else if (!TryParsePort(target, port, out portNumber))
        {
            return false;
        }

        result = new InetTarget(host, ParseIpLiteral(host), portNumber);
        return true;
    }

    /// <summary>
    /// Parses a passive target "[PORT][:IP]" such as "0:127.0.0.1", "6640:[::1]" or "". An empty port takes
    /// <paramref name="defaultPort"/>; an empty IP means every IPv4 address.
    /// </summary>
    public static bool TryParsePassive(string target, int defaultPort, out InetTarget result)
    {
        result = default;
        int colon = target.IndexOf(':', StringComparison.Ordinal);
        string port = colon < 0 ? target : target[..colon];
        string host = colon < 0 ? string.Empty : target[(colon + 1)..];

        int portNumber = defaultPort;
        if (port.Length > 0 && !TryParsePort(target, port, out portNumber))
        {
            return false;
        }

        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']', StringComparison.Ordinal);
            if (close >= 0 && close != host.Length - 1)
            {
                s_log.Err($"{target}: port must be specified");
                return false;
            }

            host = close < 0 ? host[1..] : host[1..close];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            s_log.Err($"{target}: port must be specified");
            return false;
        }

        IPAddress? address = host.Length == 0 ? IPAddress.Any : ParseIpLiteral(host);
        result = new InetTarget(host, address, portNumber);
        return true;
    }

    /// <summary>
    /// Parses an IPv4 dotted quad or an IPv6 address (optionally with %scope) strictly, as inet_pton does; returns
    /// null for anything else, including the short IPv4 forms ("1.2.3") that .NET would otherwise accept.
    /// </summary>
    public static IPAddress? ParseIpLiteral(string host)
    {
        if (host.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(host, out IPAddress? v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? v6
                : null;
        }

        string[] parts = host.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            string p = parts[i];
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)
                || !byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        return new IPAddress(bytes);
    }

    /// <summary>Formats an endpoint as upstream names streams: "1.2.3.4:80" or "[::1]:80".</summary>
    public static string FormatEndPoint(IPAddress address, int port)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
    }

    private static bool SplitHostPort(string target, out string host, out string? port)
    {
        port = null;
        if (target.StartsWith('['))
        {
            int close = target.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                host = target[1..];
                return true;
            }

            host = target[1..close];
            string rest = target[(close + 1)..];
            if (rest.Length == 0)
            {
                return true;
            }

            if (rest[0] != ':' || rest.AsSpan(1).Contains(':'))
            {
                return false;
            }

            port = rest[1..];
            return true;
        }

        int colon = target.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            host = target;
            return true;
        }

        host = target[..colon];
        port = target[(colon + 1)..];
        return !port.Contains(':', StringComparison.Ordinal);
    }

    private static bool TryParsePort(string target, string port, out int value)
    {
        value = 0;
        if (port.Length == 0)
        {
            return true;
        }

        if (port.Length <= 5 && port.All(char.IsAsciiDigit)
            && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= 65535)
        {
            return true;
        }

        s_log.Err($"{target}: bad port number \"{port}\"");
        return false;
    }
}
