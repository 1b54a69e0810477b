// Upstream: lib/vconn.c, vconn_recv_xid(), vconn_transact(), vconn_transact_noreply(),
// vconn_transact_multiple_noreply() and vconn_transact_multipart() (OVS 3.1)
//
// Request/reply patterns for a single-threaded client such as ovs-ofctl. Replies are matched by transaction id;
// anything else that arrives meanwhile is logged at DBG and dropped, except that an echo request is answered (so a
// long transaction does not make the peer give up on us). Requests without a reply of their own are followed by a
// barrier request: the barrier's reply proves the request was processed, and an error with the request's xid that
// came before it is the request's outcome. Multipart replies are collected until one without the "more" flag.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Vconn;

internal sealed partial class Vconn
{
    /// <summary>Receives until a message with <paramref name="xid"/> arrives and returns it (or the receive error).</summary>
    public async ValueTask<VconnMessage> ReceiveXidAsync(uint xid, CancellationToken cancellationToken)
    {
        while (true)
        {
            VconnMessage received = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (!received.IsSuccess)
            {
                return received;
            }

            uint receivedXid = XidOf(received.Message!);
            if (receivedXid == xid)
            {
                return received;
            }

            if (!await AnswerEchoAsync(received.Message!, cancellationToken).ConfigureAwait(false))
            {
                Log.Dbg(BadMessageRl, $"{Name}: received reply with xid {receivedXid:x8} != expected {xid:x8}");
            }
        }
    }

    /// <summary>Sends <paramref name="request"/> and waits for the message with its xid.</summary>
    public async ValueTask<VconnMessage> TransactAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        int error = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return error != 0 ? VconnMessage.Fail(error) : await ReceiveXidAsync(XidOf(request.Span), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends each request followed by a barrier and waits for the barrier's reply, stopping at the first request that
    /// drew a reply (usually an error). Returns that reply, or a success without a message when none did.
    /// </summary>
    public async ValueTask<VconnMessage> TransactNoReplyAsync(IEnumerable<ReadOnlyMemory<byte>> requests, CancellationToken cancellationToken)
    {
        foreach (ReadOnlyMemory<byte> request in requests)
        {
            VconnMessage outcome = await TransactOneNoReplyAsync(request, cancellationToken).ConfigureAwait(false);
            if (outcome.Error != 0 || outcome.Message is not null)
            {
                return outcome;
            }
        }

        return default;
    }

    /// <summary>
    /// Sends the parts of a multipart request (all with the first one's xid) and collects the replies with that xid
    /// until one is not a multipart reply with the "more" flag (an error reply ends the collection too).
    /// </summary>
    public async ValueTask<(List<byte[]>? Replies, int Error)> TransactMultipartAsync(IReadOnlyList<ReadOnlyMemory<byte>> requests, CancellationToken cancellationToken)
    {
        uint xid = XidOf(requests[0].Span);
        foreach (ReadOnlyMemory<byte> request in requests)
        {
            int error = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (error != 0)
            {
                return (null, error);
            }
        }

        var replies = new List<byte[]>();
        while (true)
        {
            VconnMessage received = await ReceiveXidAsync(xid, cancellationToken).ConfigureAwait(false);
            if (!received.IsSuccess)
            {
                return (null, received.Error);
            }

            replies.Add(received.Message!);
            if (!HasMoreFlag(received.Message!))
            {
                return (replies, 0);
            }
        }
    }

    /// <summary>Whether <paramref name="message"/> is a multipart reply with OFPSF_REPLY_MORE set.</summary>
    public static bool HasMoreFlag(ReadOnlySpan<byte> message) =>
        message.Length >= 12
        && OfpRawDecoder.IsStatsType(message[0], message[1])
        && !OfpRawDecoder.IsStatsRequestType(message[0], message[1])
        && (BinaryPrimitives.ReadUInt16BigEndian(message[10..]) & 1) != 0;

    /// <summary>The transaction id in the header of <paramref name="message"/>.</summary>
    public static uint XidOf(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt32BigEndian(message[4..]);

    private async ValueTask<VconnMessage> TransactOneNoReplyAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        uint requestXid = XidOf(request.Span);
        int error = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (error != 0)
        {
            return VconnMessage.Fail(error);
        }

        uint barrierXid = OfpXid.Next();
        var barrier = new ArrayBufferWriter<byte>(16);
        OfpRaw raw = Version == OfpVersions.Min ? OfpRaw.Ofpt10BarrierRequest : OfpRaw.Ofpt11BarrierRequest;
        OfpEncoder.Begin(barrier, raw, Version, barrierXid, 0, out int total);
        barrier.Advance(total);
        error = await SendAsync(barrier.WrittenMemory, cancellationToken).ConfigureAwait(false);
        if (error != 0)
        {
            return VconnMessage.Fail(error);
        }

        byte[]? reply = null;
        while (true)
        {
            VconnMessage received = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (!received.IsSuccess)
            {
                return received;
            }

            uint xid = XidOf(received.Message!);
            if (xid == requestXid)
            {
                if (reply is not null)
                {
                    Log.Warn(BadMessageRl, $"{Name}: duplicate replies with xid {xid:x8}");
                }

                reply = received.Message;
            }
            else if (xid == barrierXid)
            {
                return reply is null ? default : VconnMessage.Ok(reply);
            }
            else if (!await AnswerEchoAsync(received.Message!, cancellationToken).ConfigureAwait(false))
            {
                Log.Dbg(BadMessageRl, $"{Name}: reply with xid {xid:x8} != expected {requestXid:x8} or {barrierXid:x8}");
            }
        }
    }

    /// <summary>Answers <paramref name="message"/> with an echo reply if it is an echo request; false otherwise.</summary>
    private async ValueTask<bool> AnswerEchoAsync(byte[] message, CancellationToken cancellationToken)
    {
        if (OfpRawDecoder.TryClassify(message, out OfpRawInfo? info, out _) != OfpError.None || info!.Raw != OfpRaw.OfptEchoRequest)
        {
            return false;
        }

        byte[] reply = EchoReplyFor(message);
        await SendAsync(reply, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The echo reply to <paramref name="request"/>: same version, xid and payload.</summary>
    public static byte[] EchoReplyFor(ReadOnlySpan<byte> request)
    {
        byte[] reply = request.ToArray();
        reply[1] = OfpRawDecoder.Info(OfpRaw.OfptEchoReply).HeaderType(request[0]);
        return reply;
    }
}
