// Upstream: lib/stream-provider.h, struct stream_class and struct pstream_class (OVS 3.1)
namespace Ovs.Transport.Streams;

/// <summary>
/// An active connection method ("tcp", "unix", "ssl"): turns the part of a name after "SCHEME:" into a
/// connected stream. Implementations log their own parse errors at upstream's modules and return errno values.
/// </summary>
public interface IStreamProvider
{
    /// <summary>The scheme before the first colon, without it.</summary>
    string Scheme { get; }

    /// <summary>True if the method takes a port, so that <see cref="StreamFactory"/> appends the default one.</summary>
    bool UsesPort { get; }

    /// <summary>Connects. <paramref name="name"/> is the whole name (after any default port was appended).</summary>
    ValueTask<StreamResult<OvsStream>> OpenAsync(string name, string suffix, CancellationToken cancellationToken);
}

/// <summary>A passive connection method ("ptcp", "punix", "pssl"): listens for connections.</summary>
public interface IPassiveStreamProvider
{
    string Scheme { get; }

    /// <summary>Starts listening. <paramref name="defaultPort"/> applies when the name gives no port.</summary>
    StreamResult<OvsListener> Listen(string name, string suffix, int defaultPort);
}
