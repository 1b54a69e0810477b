// Upstream: lib/stream.c, struct stream (OVS 3.1)
//
// A connected, bidirectional byte stream with upstream's name for it ("unix:db.sock", "unix#3",
// "tcp:127.0.0.1:6640"). The name is what every log line about the connection starts with. The stream owns its
// socket; disposing it closes the socket. Reads and writes go through Stream (a NetworkStream, or for ssl: an
// SslStream), so the JSON-RPC layer above does not care which method made it.
using System.Net.Security;
using System.Net.Sockets;
using Ovs.Transport.Streams.Replay;

namespace Ovs.Transport.Streams;

/// <summary>A connected stream made by a connection method (see <see cref="StreamFactory"/>).</summary>
public sealed class OvsStream : IAsyncDisposable
{
    private readonly Socket? _socket;
    private string? _peerId;

    internal OvsStream(string name, Socket socket)
        : this(name, socket, new NetworkStream(socket, ownsSocket: true))
    {
    }

    internal OvsStream(string name, Socket? socket, Stream stream)
    {
        Name = name;
        _socket = socket;
        Stream = stream;
    }

    /// <summary>Upstream's name for the stream, used as the prefix of log messages about it.</summary>
    public string Name { get; }

    /// <summary>The connected socket under <see cref="Stream"/> (none for a replayed stream).</summary>
    internal Socket? Socket => _socket;

    /// <summary>The byte stream. One reader and one writer may use it concurrently.</summary>
    public Stream Stream { get; }

    /// <summary>
    /// The peer's ID, as upstream's stream_get_peer_id(): the common name of the certificate an SSL peer presented,
    /// once the handshake has finished; null for other methods, before the handshake and for a peer without one.
    /// </summary>
    public string? PeerId
    {
        get
        {
            // Cached once known; a null is not cached, since the handshake may still be running.
            Stream stream = Stream is RecordingStream recording ? recording.Inner : Stream;
            _peerId ??= stream switch
            {
                SslAcceptedStream accepted => SslPeerId.CommonName(accepted.PeerCertificate),
                SslStream ssl when ssl.IsAuthenticated => SslPeerId.CommonName(ssl.RemoteCertificate),
                _ => null,
            };
            return _peerId;
        }
    }

    /// <summary>Recording (--record): the same connection, with its reads and writes recorded into <paramref name="path"/>.</summary>
    internal OvsStream WithRecording(string path) => new(Name, _socket, new RecordingStream(Stream, path));

    /// <summary>Replaying (--replay): a connection whose reads and writes come from the files <paramref name="path"/> names.</summary>
    internal static OvsStream ForReplay(string name, string path) => new(name, null, new ReplayStream(path));

    /// <summary>Closes the sending direction after pending data, so the peer reads end of file.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket?.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already disconnected: nothing left to shut down.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
