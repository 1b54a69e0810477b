using Ovs.Common;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;
using VconnConnection = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Vconn;

public sealed class VconnFramingTests
{
    [Fact]
    public async Task LengthBelowHeaderSizeIsAProtocolError()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x02, 0x02);
        await peer.SendAsync([1, 2, 0, 4, 0, 0, 0, 1]);
        Assert.Equal(OvsErrno.EPROTO, (await vconn.ReceiveAsync(RawPeer.Timeout())).Error);
    }

    [Fact]
    public async Task CloseInTheMiddleOfAMessageIsAProtocolError()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x02, 0x02);
        await peer.SendAsync([1, 2, 0, 16, 0, 0, 0, 1, 9, 9]);
        peer.Close();
        Assert.Equal(OvsErrno.EPROTO, (await vconn.ReceiveAsync(RawPeer.Timeout())).Error);
    }

    [Fact]
    public async Task CloseBetweenMessagesIsEndOfFile()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x02, 0x02);
        await peer.SendAsync(RawPeer.Message(OfpRaw.OfptEchoRequest, 1, 3, 4));
        peer.Close();
        VconnMessage first = await vconn.ReceiveAsync(RawPeer.Timeout());
        Assert.Equal(12, first.Message!.Length);
        Assert.Equal(OvsErrno.EOF, (await vconn.ReceiveAsync(RawPeer.Timeout())).Error);
    }

    [Fact]
    public async Task GarbageNeverThrows()
    {
        var random = new Random(1234);
        for (int round = 0; round < 20; round++)
        {
            await using RawPeer peer = RawPeer.Listen();
            await using VconnConnection vconn = await peer.ConnectedAsync(0x7e, 0x7e);
            byte[] garbage = new byte[random.Next(1, 300)];
            random.NextBytes(garbage);
            garbage[2] = 0;
            garbage[3] = (byte)random.Next(0, 64);
            await peer.SendAsync(garbage);
            peer.Close();
            int messages = 0;
            while (true)
            {
                VconnMessage m = await vconn.ReceiveAsync(RawPeer.Timeout());
                if (!m.IsSuccess)
                {
                    Assert.True(m.Error is OvsErrno.EOF or OvsErrno.EPROTO or OvsErrno.EPIPE or OvsErrno.ECONNRESET, $"errno {m.Error}");
                    break;
                }

                messages++;
            }

            Assert.True(messages < 300);
        }
    }

    [Fact]
    public async Task WrongVersionAfterNegotiationIsAnsweredAndDropped()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x12, 0x12);
        byte[] wrong = RawPeer.Message(OfpRaw.OfptFeaturesRequest, 1, 41);
        await peer.SendAsync(wrong);
        byte[] echo = RawPeer.Message(OfpRaw.OfptEchoRequest, 1, 42);
        await peer.SendAsync(echo);

        // The echo of another version passes; the features request does not.
        VconnMessage received = await vconn.ReceiveAsync(RawPeer.Timeout());
        Assert.Equal(echo, received.Message);
        byte[] error = await peer.ReadAsync();
        Assert.Equal(41u, VconnConnection.XidOf(error));
        Assert.Equal(OfpError.OfpbrcBadVersion, OfpErrorMessage.Decode(error[0], error.AsSpan(8), out ReadOnlySpan<byte> payload));
        Assert.Equal(wrong, payload.ToArray());
    }

    [Fact]
    public async Task ReceiveAnyVersionPassesEverything()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(0x12, 0x12);
        vconn.ReceiveAnyVersion = true;
        byte[] wrong = RawPeer.Message(OfpRaw.OfptFeaturesRequest, 1, 41);
        await peer.SendAsync(wrong);
        Assert.Equal(wrong, (await vconn.ReceiveAsync(RawPeer.Timeout())).Message);
    }
}
