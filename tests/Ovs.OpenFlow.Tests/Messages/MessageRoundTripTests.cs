// decode → encode reproduces the bytes for the fixed-layout messages.
using System.Buffers;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Messages;

public sealed class MessageRoundTripTests
{
    [Theory]
    [InlineData("0108000c00000003000200ff")] // get-config reply, reassemble
    [InlineData("0109000c000000030004ffff")] // set-config, invalid TTL to controller (1.0)
    [InlineData("0409000c0000000300030080")] // set-config, nx-match (1.3)
    public void SwitchConfigRoundTrips(string hex)
    {
        byte[] message = Convert.FromHexString(hex);
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        SwitchConfig config = SwitchConfig.Decode(message[0], body);
        Assert.True(config.FlagsValid);
        var writer = new ArrayBufferWriter<byte>();
        config.Encode(info!.Raw, message[0], OfpHeader.Read(message).Xid, writer);
        Assert.Equal(message, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void SwitchConfigRejectsUndefinedFlags()
    {
        Assert.False(SwitchConfig.Decode(4, [0, 4, 0, 0]).FlagsValid);
        Assert.False(SwitchConfig.Decode(1, [0x80, 0, 0, 0]).FlagsValid);
    }

    [Theory]
    [InlineData("031800180000000200000002000000000000000000000003")] // OF1.2 role request, primary, generation 3
    [InlineData("05190018000000020000000300000000ffffffffffffffff")] // OF1.4 role reply, secondary, no generation
    [InlineData("0104001400000002000023200000000a00000001")] // NXT role request, primary
    public void RoleRoundTrips(string hex)
    {
        byte[] message = Convert.FromHexString(hex);
        message[3] = (byte)message.Length;
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        Assert.Equal(OfpError.None, RoleRequest.TryDecode(info!.Raw, body, out RoleRequest request));
        var writer = new ArrayBufferWriter<byte>();
        request.Encode(info.Raw, message[0], OfpHeader.Read(message).Xid, writer);
        Assert.Equal(message, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void BadRolesAreRejected()
    {
        Assert.Equal(OfpError.OfprrfcBadRole, RoleRequest.TryDecode(OfpRaw.Ofpt12RoleRequest, new byte[16] { 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, out _));
        Assert.Equal(OfpError.OfprrfcBadRole, RoleRequest.TryDecode(OfpRaw.NxtRoleRequest, [0, 0, 0, 3], out _));
    }
}
