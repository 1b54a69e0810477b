// A hand-driven OpenFlow peer for vconn tests: a Unix socket in a sandbox whose other end the test reads and writes
// byte by byte, so it can send what a real switch never would (bad lengths, wrong versions, garbage).
using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;
using Ovs.TestKit;
using VconnConnection = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Vconn;

internal sealed class RawPeer : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly Sandbox _sandbox;
    private readonly Socket _listener;
    private Socket? _socket;
    private NetworkStream? _stream;

    private RawPeer(Sandbox sandbox, Socket listener, string path)
    {
        _sandbox = sandbox;
        _listener = listener;
        Path = path;
    }

    public string Path { get; }

    public NetworkStream Stream => _stream ?? throw new InvalidOperationException("not accepted yet");

    public static RawPeer Listen()
    {
        var sandbox = new Sandbox("vct");
        string path = sandbox.PathOf("sw.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        return new RawPeer(sandbox, listener, path);
    }

    /// <summary>Opens a vconn to this peer and accepts its connection.</summary>
    public async Task<VconnConnection> ConnectAsync(uint allowedVersions)
    {
        (VconnConnection? vconn, int error) = await VconnConnection.OpenAsync($"unix:{Path}", allowedVersions, Timeout()).ConfigureAwait(false);
        Assert.Equal(0, error);
        _socket = await _listener.AcceptAsync(Timeout()).ConfigureAwait(false);
        _stream = new NetworkStream(_socket, ownsSocket: true);
        return vconn!;
    }

    /// <summary>Opens a vconn, answers its hello with one for <paramref name="peerVersions"/> and finishes the exchange.</summary>
    public async Task<VconnConnection> ConnectedAsync(uint allowedVersions, uint peerVersions)
    {
        VconnConnection vconn = await ConnectAsync(allowedVersions).ConfigureAwait(false);
        await SendAsync(HelloFor(peerVersions, 99)).ConfigureAwait(false);
        Assert.Equal(0, await vconn.ConnectAsync(Timeout()).ConfigureAwait(false));
        Assert.Equal(OfpRaw.OfptHello, Classify(await ReadAsync().ConfigureAwait(false)));
        return vconn;
    }

    public async Task SendAsync(byte[] bytes) => await Stream.WriteAsync(bytes, Timeout()).ConfigureAwait(false);

    /// <summary>Reads one message as framed by its header.</summary>
    public async Task<byte[]> ReadAsync()
    {
        byte[] header = new byte[8];
        await Stream.ReadExactlyAsync(header, Timeout()).ConfigureAwait(false);
        byte[] message = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2))];
        header.CopyTo(message, 0);
        await Stream.ReadExactlyAsync(message.AsMemory(8), Timeout()).ConfigureAwait(false);
        return message;
    }

    public void Close() => _socket?.Shutdown(SocketShutdown.Both);

    public static CancellationToken Timeout() => new CancellationTokenSource(s_timeout).Token;

    public static byte[] HelloFor(uint versions, uint xid)
    {
        var writer = new ArrayBufferWriter<byte>();
        Hello.Encode(versions, xid, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>A message with only a header (and <paramref name="bodySize"/> zero bytes after it).</summary>
    public static byte[] Message(OfpRaw raw, byte version, uint xid, int bodySize = 0, ushort statsFlags = 0)
    {
        var writer = new ArrayBufferWriter<byte>();
        OfpEncoder.Begin(writer, raw, version, xid, bodySize, out int total, statsFlags);
        writer.Advance(total);
        return writer.WrittenSpan.ToArray();
    }

    public static OfpRaw Classify(byte[] message)
    {
        OfpRawDecoder.TryClassify(message, out OfpRawInfo? info, out _);
        return info?.Raw ?? OfpRaw.None;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        _listener.Dispose();
        _sandbox.Dispose();
    }
}
