// Upstream: lib/vconn.c, struct vconn, vconn_open(), vconn_connect(), vconn_send() and vconn_recv() (OVS 3.1)
//
// An OpenFlow connection over a stream. Opening connects the stream ("unix:PATH", "tcp:IP[:PORT]" with 6653 as the
// default port, "ssl:IP[:PORT]"); ConnectAsync then runs the hello exchange: send a hello announcing AllowedVersions,
// read the peer's hello, and settle on the highest version both allow. With no common version the vconn sends
// upstream's OFPHFC_INCOMPATIBLE error, whose text names both sides' versions, in the peer's highest version and
// fails with EPROTO (or the send's errno). Anything but a hello first is EPROTO; an end of stream during the exchange
// is ECONNRESET. Once connected, a message whose version differs from the negotiated one is answered with
// OFPBRC_BAD_VERSION and dropped unless it is a hello, error or echo (or ReceiveAnyVersion is set, as for snoop).
// A failed connection stays failed: every later call returns the same errno.
//
// Logging is upstream's: with the "vconn" module at DBG, each message sent or received is logged as ofp-print shows
// it at verbosity 1 ("NAME: sent (Success): TEXT", "NAME: received: TEXT"), plus the negotiation outcome.
//
// Thread-safety: sends are serialised by a lock and may come from any thread; receives must come from one reader at
// a time (the CLI's single thread, or VconnSession's receive loop). ConnectAsync is run by whichever of the two first
// needs the connection and the other waits for it.
using System.Buffers;
using System.Numerics;
using System.Text;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;
using Ovs.Transport.Streams;

namespace Ovs.Ofproto.Vconn;

internal sealed partial class Vconn : IAsyncDisposable
{
    /// <summary>Upstream's OFPUTIL_DEFAULT_VERSIONS: OpenFlow 1.0 through 1.5.</summary>
    public const uint DefaultVersions = 0x7e;

    internal static readonly VlogModule Log = VlogModule.Get("vconn");
    private static readonly VlogRateLimit s_ofmsgRl = new(600, 600);
    internal static readonly VlogRateLimit BadMessageRl = new(1, 5);

    private readonly OvsStream _stream;
    private readonly VconnFramer _framer;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private int _error;
    private bool _connected;

    internal Vconn(OvsStream stream, uint allowedVersions)
    {
        _stream = stream;
        _framer = new VconnFramer(stream.Stream);
        AllowedVersions = allowedVersions == 0 ? DefaultVersions : allowedVersions;
    }

    /// <summary>The stream's name ("unix:/run/openvswitch/br0.mgmt", "unix#3", "tcp:127.0.0.1:6653"), the prefix of every log line.</summary>
    public string Name => _stream.Name;

    /// <summary>The versions this side announces in its hello (a bitmap: bit N set for wire version N).</summary>
    public uint AllowedVersions { get; set; }

    /// <summary>The versions the peer's hello announced; 0 before it arrived.</summary>
    public uint PeerVersions { get; private set; }

    /// <summary>The negotiated wire version, or 0 before the hello exchange finished.</summary>
    public byte Version { get; private set; }

    /// <summary>Accept messages of any version after negotiation (upstream's vconn_set_recv_any_version()).</summary>
    public bool ReceiveAnyVersion { get; set; }

    /// <summary>0 while connecting or connected, else the errno the hello exchange failed with (upstream's vconn_get_status()).</summary>
    public int Status => Volatile.Read(ref _error);

    /// <summary>The SSL peer's certificate name, when there is one.</summary>
    public string? PeerId => _stream.PeerId;

    /// <summary>
    /// Opens an active connection by name. Unknown methods fail with EAFNOSUPPORT, failed connects with their errno
    /// (ENOENT for a missing socket file, ECONNREFUSED, ...). The hello exchange has not happened yet.
    /// </summary>
    public static async ValueTask<(Vconn? Vconn, int Error)> OpenAsync(string name, uint allowedVersions, CancellationToken cancellationToken)
    {
        StreamResult<OvsStream> result = await StreamFactory.OpenAsync(name, StreamFactory.OpenFlowPort, cancellationToken).ConfigureAwait(false);
        return result.Value is { } stream ? (new Vconn(stream, allowedVersions), 0) : (null, result.Error);
    }

    /// <summary>Runs the hello exchange if it has not run yet. Returns 0 when connected, else the errno.</summary>
    public async ValueTask<int> ConnectAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connected) || Status != 0)
        {
            return Status;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_connected && Status == 0)
            {
                int error = await HelloExchangeAsync(cancellationToken).ConfigureAwait(false);
                if (error != 0)
                {
                    Fail(error);
                }
                else
                {
                    Volatile.Write(ref _connected, true);
                }
            }

            return Status;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Sends one whole message (its header's length must be right), connecting first if needed.</summary>
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        int error = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return error != 0 ? error : await SendRawAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives the next message, connecting first if needed. Messages of the wrong version are answered and
    /// skipped as the comment at the top describes. Errors: EOF when the peer closed, EPROTO for bad framing.
    /// </summary>
    public async ValueTask<VconnMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        int error = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (error != 0)
        {
            return VconnMessage.Fail(error);
        }

        while (true)
        {
            VconnMessage received = await ReceiveRawAsync(cancellationToken).ConfigureAwait(false);
            if (!received.IsSuccess)
            {
                return received;
            }

            if (ReceiveAnyVersion || received.Message![0] == Version || IsVersionIndependent(received.Message))
            {
                return received;
            }

            await RejectVersionAsync(received.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _sendLock.Dispose();
        _connectLock.Dispose();
    }

    /// <summary>Logs "NAME: TEXT" with <paramref name="message"/> printed as ofp-print shows it at verbosity 1.</summary>
    internal static string ToText(ReadOnlySpan<byte> message) =>
        OfpPrinter.ToText(message, new OfpPrintContext(1, s_printWarnings)).TrimEnd('\n');

    private static readonly OfpWarningSink s_printWarnings = static (module, level, text) =>
    {
        VlogModule log = VlogModule.Get(module);
        if (level == OfpLogLevel.Info)
        {
            log.Info(BadMessageRl, text);
        }
        else
        {
            log.Warn(BadMessageRl, text);
        }
    };

    private void Fail(int error) => Interlocked.CompareExchange(ref _error, error, 0);

    private async ValueTask<int> SendRawAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        string? text = Log.IsEnabled(VlogLevel.Dbg) ? ToText(message.Span) : null;
        int error;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            error = await WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        if (text is not null)
        {
            Log.Dbg(s_ofmsgRl, $"{Name}: sent ({OvsErrno.StrError(error)}): {text}");
        }

        return error;
    }

    private async ValueTask<int> WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.Stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            await _stream.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException
                                      or NotSupportedException or InvalidOperationException)
        {
            return OvsErrno.FromException(e);
        }
    }

    private async ValueTask<VconnMessage> ReceiveRawAsync(CancellationToken cancellationToken)
    {
        VconnMessage received = await _framer.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (received.IsSuccess && Log.IsEnabled(VlogLevel.Dbg))
        {
            Log.Dbg(s_ofmsgRl, $"{Name}: received: {ToText(received.Message)}");
        }

        return received;
    }

    private async ValueTask<int> HelloExchangeAsync(CancellationToken cancellationToken)
    {
        var hello = new ArrayBufferWriter<byte>(16);
        Hello.Encode(AllowedVersions, OfpXid.Next(), hello);
        int error = await SendRawAsync(hello.WrittenMemory, cancellationToken).ConfigureAwait(false);
        if (error != 0)
        {
            return error;
        }

        VconnMessage received = await ReceiveRawAsync(cancellationToken).ConfigureAwait(false);
        if (!received.IsSuccess)
        {
            return received.Error == OvsErrno.EOF ? OvsErrno.ECONNRESET : received.Error;
        }

        byte[] message = received.Message!;
        if (OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out _, out _) != OfpError.None || info!.Raw != OfpRaw.OfptHello)
        {
            Log.Warn(BadMessageRl, $"{Name}: received message while expecting hello: {ToText(message)}");
            return OvsErrno.EPROTO;
        }

        Hello peer = Hello.Decode(message);
        if (!peer.Complete)
        {
            var sb = new StringBuilder().Append(Name).Append(": unknown data in hello:\n");
            HexDump.Append(sb, message, 0, true);
            Log.Warn(BadMessageRl, sb.ToString().TrimEnd('\n'));
        }

        PeerVersions = peer.AllowedVersions;
        string local = DescribeVersions(AllowedVersions);
        string remote = DescribeVersions(PeerVersions);
        byte common = Hello.Negotiate(AllowedVersions, PeerVersions);
        if (common != 0)
        {
            Version = common;
            Log.Dbg($"{Name}: negotiated OpenFlow version 0x{common:x2} (we support {local}, peer supports {remote})");
            return 0;
        }

        Version = HighestVersion(PeerVersions);
        Log.Warn(BadMessageRl, $"{Name}: version negotiation failed (we support {local}, peer supports {remote})");
        var reply = new ArrayBufferWriter<byte>(128);
        OfpErrorMessage.EncodeHello(OfpError.OfphfcIncompatible, Version, Encoding.ASCII.GetBytes($"We support {local}, you support {remote}, no common versions."), reply);
        error = await SendRawAsync(reply.WrittenMemory, cancellationToken).ConfigureAwait(false);
        return error != 0 ? error : OvsErrno.EPROTO;
    }

    /// <summary>Whether a message keeps its meaning across versions (hello, error, echo request and reply).</summary>
    private static bool IsVersionIndependent(byte[] message) =>
        OfpRawDecoder.TryClassify(message, out OfpRawInfo? info, out _) == OfpError.None
        && info!.Raw is OfpRaw.OfptHello or OfpRaw.OfptError or OfpRaw.OfptEchoRequest or OfpRaw.OfptEchoReply;

    private async ValueTask RejectVersionAsync(byte[] message, CancellationToken cancellationToken)
    {
        Log.Err(BadMessageRl, $"{Name}: received OpenFlow version 0x{message[0]:x2} != expected {Version:x2}");
        var reply = new ArrayBufferWriter<byte>(128);
        OfpErrorMessage.EncodeReply(OfpError.OfpbrcBadVersion, message, reply);
        int error = await SendRawAsync(reply.WrittenMemory, cancellationToken).ConfigureAwait(false);
        if (error != 0)
        {
            Log.Info(BadMessageRl, $"{Name}: failed to queue error reply ({OvsErrno.StrError(error)})");
        }
    }

    private static byte HighestVersion(uint bitmap) => bitmap == 0 ? (byte)0 : (byte)(31 - BitOperations.LeadingZeroCount(bitmap));

    /// <summary>Upstream's wording for a version bitmap in negotiation messages.</summary>
    internal static string DescribeVersions(uint bitmap)
    {
        if (bitmap == 0)
        {
            return "no versions";
        }

        if (BitOperations.IsPow2(bitmap))
        {
            return $"version 0x{HighestVersion(bitmap):x2}";
        }

        if (BitOperations.IsPow2((bitmap >> 1) + 1))
        {
            return $"version 0x{HighestVersion(bitmap):x2} and earlier";
        }

        var sb = new StringBuilder("versions ");
        for (int v = 0; v < 32; v++)
        {
            if ((bitmap & (1u << v)) != 0)
            {
                sb.Append(sb.Length > "versions ".Length ? ", " : "").Append("0x").Append(v.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
