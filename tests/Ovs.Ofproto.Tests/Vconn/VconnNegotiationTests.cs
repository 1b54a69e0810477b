using System.Text;
using Ovs.Common;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;
using VconnConnection = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Vconn;

public sealed class VconnNegotiationTests
{
    [Theory]
    [InlineData(0x7eu, 0x7eu, 6)]
    [InlineData(0x12u, 0x10u, 4)]
    [InlineData(0x02u, 0x12u, 1)]
    [InlineData(0x1eu, 0x7eu, 4)]
    public async Task NegotiatesTheHighestCommonVersion(uint ours, uint theirs, int expected)
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectedAsync(ours, theirs);
        Assert.Equal((byte)expected, vconn.Version);
        Assert.Equal(theirs, vconn.PeerVersions);
        Assert.Equal(0, vconn.Status);
    }

    [Fact]
    public async Task OurHelloAnnouncesTheAllowedVersions()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectAsync(0x12);
        Task<int> connect = vconn.ConnectAsync(RawPeer.Timeout()).AsTask();
        byte[] hello = await peer.ReadAsync();
        Assert.Equal((byte)OfpVersion.Of13, hello[0]);
        Assert.Equal(0x12u, Hello.Decode(hello).AllowedVersions);
        await peer.SendAsync(RawPeer.HelloFor(0x7e, 1));
        Assert.Equal(0, await connect);
    }

    [Fact]
    public async Task NoCommonVersionSendsIncompatibleErrorInThePeersVersion()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectAsync(0x40);
        await peer.SendAsync(RawPeer.HelloFor(0x02, 7));
        Assert.Equal(OvsErrno.EPROTO, await vconn.ConnectAsync(RawPeer.Timeout()));
        Assert.Equal(OfpRaw.OfptHello, RawPeer.Classify(await peer.ReadAsync()));
        byte[] error = await peer.ReadAsync();
        Assert.Equal((byte)OfpVersion.Of10, error[0]);
        Assert.Equal(0u, VconnConnection.XidOf(error));
        Assert.Equal(OfpError.OfphfcIncompatible, OfpErrorMessage.Decode(error[0], error.AsSpan(8), out ReadOnlySpan<byte> payload));
        Assert.Equal("We support version 0x06, you support version 0x01, no common versions.", Encoding.ASCII.GetString(payload));

        // The failure sticks: later calls report it without touching the socket.
        Assert.Equal(OvsErrno.EPROTO, await vconn.SendAsync(RawPeer.HelloFor(0x40, 3), RawPeer.Timeout()));
        Assert.Equal(OvsErrno.EPROTO, (await vconn.ReceiveAsync(RawPeer.Timeout())).Error);
    }

    [Fact]
    public async Task MessageOtherThanHelloFirstIsAProtocolError()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectAsync(0);
        await peer.SendAsync(RawPeer.Message(OfpRaw.OfptEchoRequest, 1, 5));
        Assert.Equal(OvsErrno.EPROTO, await vconn.ConnectAsync(RawPeer.Timeout()));
    }

    [Fact]
    public async Task CloseDuringHelloIsConnectionReset()
    {
        await using RawPeer peer = RawPeer.Listen();
        await using VconnConnection vconn = await peer.ConnectAsync(0);
        Task<int> connect = vconn.ConnectAsync(RawPeer.Timeout()).AsTask();
        await peer.ReadAsync();
        peer.Close();
        Assert.Equal(OvsErrno.ECONNRESET, await connect);
    }

    [Theory]
    [InlineData(0x00u, "no versions")]
    [InlineData(0x40u, "version 0x06")]
    [InlineData(0x1eu, "version 0x04 and earlier")]
    [InlineData(0x12u, "versions 0x01, 0x04")]
    [InlineData(0x7cu, "versions 0x02, 0x03, 0x04, 0x05, 0x06")]
    public void DescribesVersionBitmapsAsUpstream(uint bitmap, string expected) =>
        Assert.Equal(expected, VconnConnection.DescribeVersions(bitmap));

    [Fact]
    public async Task PassiveVconnAcceptsConnectionsThatNegotiate()
    {
        using var sandbox = new Ovs.TestKit.Sandbox("vcp");
        string path = sandbox.PathOf("p.sock");
        (PassiveVconn? listener, int error) = PassiveVconn.Listen($"punix:{path}", 0x12);
        Assert.Equal(0, error);
        using PassiveVconn pvconn = listener!;
        Task<(VconnConnection? Vconn, int Error)> accept = pvconn.AcceptAsync(RawPeer.Timeout()).AsTask();
        (VconnConnection? client, int openError) = await VconnConnection.OpenAsync($"unix:{path}", 0x7e, RawPeer.Timeout());
        Assert.Equal(0, openError);
        await using VconnConnection active = client!;
        (VconnConnection? accepted, int acceptError) = await accept;
        Assert.Equal(0, acceptError);
        await using VconnConnection passive = accepted!;
        Assert.StartsWith("unix#", passive.Name, StringComparison.Ordinal);

        Task<int> serverSide = passive.ConnectAsync(RawPeer.Timeout()).AsTask();
        Assert.Equal(0, await active.ConnectAsync(RawPeer.Timeout()));
        Assert.Equal(0, await serverSide);
        Assert.Equal((byte)OfpVersion.Of13, active.Version);
        Assert.Equal((byte)OfpVersion.Of13, passive.Version);
    }

    [Fact]
    public async Task UnknownMethodsAndMissingSocketsFailWithErrno()
    {
        Assert.Equal(OvsErrno.EAFNOSUPPORT, (await VconnConnection.OpenAsync("bogus:x", 0, RawPeer.Timeout())).Error);
        Assert.Equal(OvsErrno.ENOENT, (await VconnConnection.OpenAsync("unix:/nonexistent/dir/sock", 0, RawPeer.Timeout())).Error);
        Assert.Equal(OvsErrno.EAFNOSUPPORT, PassiveVconn.Listen("bogus:x", 0).Error);
    }
}
