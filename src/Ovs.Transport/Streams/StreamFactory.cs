// Upstream: lib/stream.c, stream_open_with_default_port() and pstream_open_with_default_port() (OVS 3.1)
//
// Connection methods are names of the form SCHEME:ARGS (man ovsdb-server, "Connection Methods"). The scheme
// selects a provider from a table; unknown schemes fail with EAFNOSUPPORT, which is how callers such as
// ovsdb-client tell "not an active method" from a real connection failure. For methods with ports (tcp, ssl) a
// name with fewer than three non-empty colon-separated fields gets ":DEFAULT" appended first, with upstream's
// warning about the changed default port. ssl:/pssl: take their PKI from the process-wide SslConfiguration.
using System.Collections.Frozen;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Transport.Streams.Replay;

namespace Ovs.Transport.Streams;

/// <summary>Opens active and passive streams by connection-method name.</summary>
public static class StreamFactory
{
    /// <summary>The IANA OVSDB port, the default for tcp:/ptcp: database connections.</summary>
    public const int OvsdbPort = 6640;

    /// <summary>The IANA OpenFlow port, the default for OpenFlow connections.</summary>
    public const int OpenFlowPort = 6653;

    private static readonly VlogModule s_log = VlogModule.Get("stream");

    private static readonly FrozenDictionary<string, IStreamProvider> s_active = new IStreamProvider[]
    {
        new TcpStreamProvider(),
        new UnixStreamProvider(),
        new SslStreamProvider(),
    }.ToFrozenDictionary(p => p.Scheme, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, IPassiveStreamProvider> s_passive = new IPassiveStreamProvider[]
    {
        new PtcpStreamProvider(),
        new PunixStreamProvider(),
        new PsslStreamProvider(),
    }.ToFrozenDictionary(p => p.Scheme, StringComparer.Ordinal);

    /// <summary>True if <paramref name="name"/> names an active method we know ("tcp:...", "ssl:...", "unix:...").</summary>
    public static bool IsActiveName(string name) => TrySplit(name, out string scheme, out _) && s_active.ContainsKey(scheme);

    /// <summary>True if <paramref name="name"/> names a passive method we know ("ptcp:...", "pssl:...", "punix:...").</summary>
    public static bool IsPassiveName(string name) => TrySplit(name, out string scheme, out _) && s_passive.ContainsKey(scheme);

    /// <summary>
    /// Connects to <paramref name="name"/>. Returns EAFNOSUPPORT for an unknown scheme or an unusable address,
    /// otherwise the connect errno (ENOENT, ECONNREFUSED, ...). Cancel the token to give up waiting.
    /// </summary>
    public static async ValueTask<StreamResult<OvsStream>> OpenAsync(string name, int defaultPort, CancellationToken cancellationToken)
    {
        if (!TrySplit(name, out string scheme, out _) || !s_active.TryGetValue(scheme, out IStreamProvider? provider))
        {
            return StreamResult<OvsStream>.Fail(OvsErrno.EAFNOSUPPORT);
        }

        if (provider.UsesPort && defaultPort > 0 && CountFields(name) < 3)
        {
            WarnDefaultPort(defaultPort);
            name = $"{name}:{defaultPort}";
        }

        string suffix = name[(scheme.Length + 1)..];
        return await StreamReplay.OpenAsync(name, () => provider.OpenAsync(name, suffix, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Listens on <paramref name="name"/>; EAFNOSUPPORT for an unknown scheme or unusable address.</summary>
    public static StreamResult<OvsListener> Listen(string name, int defaultPort)
    {
        if (!TrySplit(name, out string scheme, out string suffix) || !s_passive.TryGetValue(scheme, out IPassiveStreamProvider? provider))
        {
            return StreamResult<OvsListener>.Fail(OvsErrno.EAFNOSUPPORT);
        }

        return StreamReplay.Listen(name, () => provider.Listen(name, suffix, defaultPort));
    }

    private static bool TrySplit(string name, out string scheme, out string suffix)
    {
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        scheme = colon < 0 ? string.Empty : name[..colon];
        suffix = colon < 0 ? string.Empty : name[(colon + 1)..];
        return colon > 0;
    }

    private static int CountFields(string name) => name.Split(':', StringSplitOptions.RemoveEmptyEntries).Length;

    private static void WarnDefaultPort(int defaultPort)
    {
        switch (defaultPort)
        {
            case OvsdbPort:
                s_log.Warn("The default OVSDB port number has changed from 6632 to 6640");
                break;
            case OpenFlowPort:
                s_log.Warn("The default OpenFlow port number has changed from 6633 to 6653");
                break;
        }
    }
}
