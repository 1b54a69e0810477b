// Upstream: ovsdb/raft.c, raft_address_validate() (OVS 3.1)
using Ovs.Common.Logging;

namespace Ovs.Ovsdb.Engine.Cluster;

/// <summary>
/// Checks a server address for a cluster: "unix:PATH", or "tcp:HOST:PORT" / "ssl:HOST:PORT" with the port given
/// (a raft address has no default port). Errors are upstream's texts; a missing port is also logged under
/// "socket_util", as upstream's address parser does.
/// </summary>
internal static class RaftAddress
{
    private static readonly VlogModule s_socketUtil = VlogModule.Get("socket_util");

    public static string? Validate(string address)
    {
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return null;
        }

        if (!address.StartsWith("tcp:", StringComparison.Ordinal) && !address.StartsWith("ssl:", StringComparison.Ordinal))
        {
            return $"{address}: expected \"tcp\" or \"ssl\" address";
        }

        string target = address[4..];
        string host;
        string port;
        if (target.StartsWith('['))
        {
            int close = target.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? target : target[1..close];
            port = close >= 0 && close + 1 < target.Length && target[close + 1] == ':' ? target[(close + 2)..] : "";
        }
        else
        {
            int colon = target.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? target : target[..colon];
            port = colon < 0 ? "" : target[(colon + 1)..];
        }

        if (port.Length == 0)
        {
            s_socketUtil.Err($"{target}: port must be specified");
            return $"{address}: syntax error in address";
        }

        if (host.Length == 0 || !ushort.TryParse(port, out _))
        {
            return $"{address}: syntax error in address";
        }

        return null;
    }
}
