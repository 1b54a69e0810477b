// Upstream: lib/vconn-stream.c, vconn_stream_recv() and vconn_stream_recv__() (OVS 3.1)
//
// Cuts a byte stream into OpenFlow messages. Every message starts with the 8-byte ofp_header whose length field is
// the size of the whole message, so one message is at most 65,535 bytes and the framer never buffers more than that.
// A length below 8 cannot be resynchronised from and is a protocol error (EPROTO); so is an end of stream in the
// middle of a message. An end of stream between messages is EOF. Socket and TLS failures come back as their errno.
// Nothing here throws for anything the peer sends.
//
// Thread-safety: one reader at a time (the owning Vconn serialises receives).
using System.Buffers.Binary;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Vconn;

/// <summary>The outcome of receiving one message: the whole message, or an errno (<see cref="OvsErrno.EOF"/> at end of stream).</summary>
internal readonly record struct VconnMessage(byte[]? Message, int Error)
{
    public bool IsSuccess => Message is not null;

    public static VconnMessage Ok(byte[] message) => new(message, 0);

    public static VconnMessage Fail(int error) => new(null, error);
}

internal sealed class VconnFramer
{
    private static readonly VlogModule s_log = VlogModule.Get("vconn_stream");
    private static readonly VlogRateLimit s_rl = new(10, 25);

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[OfpHeader.Size];

    public VconnFramer(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Messages received whole so far.</summary>
    public long MessageCount { get; private set; }

    /// <summary>Reads the next whole message.</summary>
    public async ValueTask<VconnMessage> ReadAsync(CancellationToken cancellationToken)
    {
        int error = await FillAsync(_header, 0, cancellationToken).ConfigureAwait(false);
        if (error != 0)
        {
            return VconnMessage.Fail(error);
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2));
        if (length < OfpHeader.Size)
        {
            s_log.Err(s_rl, $"received too-short ofp_header ({length} bytes)");
            return VconnMessage.Fail(OvsErrno.EPROTO);
        }

        byte[] message = new byte[length];
        _header.CopyTo(message, 0);
        error = await FillAsync(message, OfpHeader.Size, cancellationToken).ConfigureAwait(false);
        if (error != 0)
        {
            return VconnMessage.Fail(error == OvsErrno.EOF ? DroppedMidPacket() : error);
        }

        MessageCount++;
        return VconnMessage.Ok(message);
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> on; EOF only if nothing at all was read.</summary>
    private async ValueTask<int> FillAsync(byte[] buffer, int offset, CancellationToken cancellationToken)
    {
        int start = offset;
        try
        {
            while (offset < buffer.Length)
            {
                int n = await _stream.ReadAsync(buffer.AsMemory(offset), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return offset == start ? OvsErrno.EOF : DroppedMidPacket();
                }

                offset += n;
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException
                                      or System.Security.Authentication.AuthenticationException)
        {
            return OvsErrno.FromException(e);
        }
    }

    private static int DroppedMidPacket()
    {
        s_log.Err(s_rl, "connection dropped mid-packet");
        return OvsErrno.EPROTO;
    }
}
