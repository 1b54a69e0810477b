using System.Threading.Channels;
using Ovs.Common;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Wire;
using VconnConnection = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Vconn;

public sealed class VconnTransactTests
{
    [Fact]
    public async Task TransactSkipsOtherXidsAndAnswersEchoes()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x10, 0x10);
        byte[] request = RawPeer.Message(OfpRaw.OfptFeaturesRequest, 4, 500);
        Task<VconnMessage> transact = vconn.TransactAsync(request, RawPeer.Timeout()).AsTask();
        Assert.Equal(request, await peer.ReadAsync());

        await peer.SendAsync(RawPeer.Message(OfpRaw.OfptGetConfigReply, 4, 499, 4));
        byte[] echo = RawPeer.Message(OfpRaw.OfptEchoRequest, 4, 77, 3);
        await peer.SendAsync(echo);
        byte[] reply = RawPeer.Message(OfpRaw.OfptGetConfigReply, 4, 500, 4);
        await peer.SendAsync(reply);

        Assert.Equal(reply, (await transact).Message);
        byte[] echoReply = await peer.ReadAsync();
        Assert.Equal(OfpRaw.OfptEchoReply, RawPeer.Classify(echoReply));
        Assert.Equal(echo[4..], echoReply[4..]);
    }

    [Fact]
    public async Task TransactNoReplyReturnsTheErrorBeforeTheBarrier()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x02, 0x02);
        byte[] first = RawPeer.Message(OfpRaw.OfptSetConfig, 1, 600, 4);
        byte[] second = RawPeer.Message(OfpRaw.OfptSetConfig, 1, 601, 4);
        Task<VconnMessage> transact = vconn.TransactNoReplyAsync([first, second], RawPeer.Timeout()).AsTask();

        // First request: only the barrier is answered, so it succeeded.
        Assert.Equal(first, await peer.ReadAsync());
        byte[] barrier = await peer.ReadAsync();
        Assert.Equal(OfpRaw.Ofpt10BarrierRequest, RawPeer.Classify(barrier));
        await peer.SendAsync(RawPeer.Message(OfpRaw.Ofpt10BarrierReply, 1, VconnConnection.XidOf(barrier)));

        // Second request: an error with its xid comes before the barrier reply and is the outcome.
        Assert.Equal(second, await peer.ReadAsync());
        barrier = await peer.ReadAsync();
        byte[] error = RawPeer.Message(OfpRaw.OfptError, 1, 601, 4);
        await peer.SendAsync(error);
        await peer.SendAsync(RawPeer.Message(OfpRaw.Ofpt10BarrierReply, 1, VconnConnection.XidOf(barrier)));
        VconnMessage outcome = await transact;
        Assert.Equal(0, outcome.Error);
        Assert.Equal(error, outcome.Message);
    }

    [Fact]
    public async Task TransactMultipartCollectsUntilTheLastPart()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x10, 0x10);
        byte[] request = RawPeer.Message(OfpRaw.Ofpst10PortDescRequest, 4, 700, 8);
        Task<(List<byte[]>? Replies, int Error)> transact = vconn.TransactMultipartAsync([request], RawPeer.Timeout()).AsTask();
        Assert.Equal(request, await peer.ReadAsync());
        await peer.SendAsync(RawPeer.Message(OfpRaw.Ofpst11PortDescReply, 4, 700, 0, statsFlags: 1));
        await peer.SendAsync(RawPeer.Message(OfpRaw.Ofpst11PortDescReply, 4, 699, 0));
        await peer.SendAsync(RawPeer.Message(OfpRaw.Ofpst11PortDescReply, 4, 700, 0, statsFlags: 1));
        await peer.SendAsync(RawPeer.Message(OfpRaw.Ofpst11PortDescReply, 4, 700, 0));
        (List<byte[]>? replies, int error) = await transact;
        Assert.Equal(0, error);
        Assert.Equal(3, replies!.Count);
        Assert.True(VconnConnection.HasMoreFlag(replies[0]));
        Assert.False(VconnConnection.HasMoreFlag(replies[2]));
    }

    [Fact]
    public async Task TransactReportsEndOfFile()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x02, 0x02);
        Task<VconnMessage> transact = vconn.TransactAsync(RawPeer.Message(OfpRaw.OfptFeaturesRequest, 1, 800), RawPeer.Timeout()).AsTask();
        await peer.ReadAsync();
        peer.Close();
        Assert.Equal(OvsErrno.EOF, (await transact).Error);
    }

    [Fact]
    public async Task SessionReportsEventsInOrderAndSendsQueuedMessages()
    {
        await using RawPeer peer = RawPeer.Listen();
        VconnConnection vconn = await peer.ConnectAsync(0x10);
        var events = Channel.CreateUnbounded<VconnEvent>();
        await using VconnSession session = VconnSession.Start(vconn, events.Writer, sendQueueLimit: 4);
        byte[] queued = RawPeer.Message(OfpRaw.OfptEchoRequest, 4, 900);
        Assert.True(session.TrySend(queued));

        Assert.Equal(OfpRaw.OfptHello, RawPeer.Classify(await peer.ReadAsync()));
        await peer.SendAsync(RawPeer.HelloFor(0x10, 1));
        VconnEvent connected = await events.Reader.ReadAsync(RawPeer.Timeout());
        Assert.Equal(VconnEventKind.Connected, connected.Kind);
        Assert.Same(session, connected.Session);
        Assert.Equal(queued, await peer.ReadAsync());

        byte[] message = RawPeer.Message(OfpRaw.OfptEchoReply, 4, 900);
        await peer.SendAsync(message);
        VconnEvent received = await events.Reader.ReadAsync(RawPeer.Timeout());
        Assert.Equal(VconnEventKind.Message, received.Kind);
        Assert.Equal(message, received.Message);

        peer.Close();
        VconnEvent closed = await events.Reader.ReadAsync(RawPeer.Timeout());
        Assert.Equal(VconnEventKind.Disconnected, closed.Kind);
        Assert.Equal(OvsErrno.EOF, closed.Error);
        Assert.False(session.TrySend(queued));
    }

    [Fact]
    public async Task SessionRefusesWhenTheQueueIsFull()
    {
        await using RawPeer peer = RawPeer.Listen();
        VconnConnection vconn = await peer.ConnectAsync(0x10);
        var events = Channel.CreateUnbounded<VconnEvent>();
        await using VconnSession session = VconnSession.Start(vconn, events.Writer, sendQueueLimit: 2);

        // No hello from the peer, so nothing is sent and the third message does not fit.
        byte[] m = RawPeer.Message(OfpRaw.OfptEchoRequest, 4, 1);
        int accepted = 0;
        for (int i = 0; i < 4; i++)
        {
            accepted += session.TrySend(m) ? 1 : 0;
        }

        Assert.InRange(accepted, 2, 3);
    }
}
