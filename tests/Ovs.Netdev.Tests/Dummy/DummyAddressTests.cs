using Ovs.Netdev.Dummy;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Dummy;

public sealed class DummyAddressTests
{
    [Theory]
    [InlineData("10.0.0.1", null)]
    [InlineData("10.0.0.1/24", null)]
    [InlineData("10.0.0.1/255.255.0.0", null)]
    [InlineData("10.0.0.1/33", "10.0.0.1/33: IPv4 network prefix bits not between 0 and 32, inclusive")]
    [InlineData("10.0.0.1/x", "10.0.0.1/x: invalid IP address")]
    [InlineData("10.0.0", "10.0.0: invalid IP address")]
    [InlineData("nope", "nope: invalid IP address")]
    public void Ip4AddrParsesLikeUpstream(string address, string? error)
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p1", "dummy", out _));
        DummyCommandResult result = DummyCommands.Ip4Addr(registry, ["p1", address]);
        Assert.Equal(error ?? "OK", result.Reply);
        Assert.Equal(error is not null, result.IsError);
        Assert.Equal(new DummyCommandResult("Unknown Dummy Interface", true), DummyCommands.Ip4Addr(registry, ["p9", address]));
    }

    [Theory]
    [InlineData("fe80::1", null)]
    [InlineData("2001:db8::1/64", null)]
    [InlineData("2001:db8::1/ffff:ffff::", null)]
    [InlineData("2001:db8::1/129", "2001:db8::1/129: IPv6 network prefix bits not between 0 and 128, inclusive")]
    [InlineData("2001:db8::1/ffff::ff", "2001:db8::1/ffff::ff: IPv6 CIDR network required")]
    [InlineData("2001:db8::1/zz", "2001:db8::1/zz: Invalid IPv6 mask")]
    [InlineData("10.0.0.1x", "10.0.0.1x: invalid IPv6 address")]
    public void Ip6AddrParsesLikeUpstream(string address, string? error)
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p1", "dummy", out INetdev? netdev));
        ulong seq = netdev!.ChangeSeq;
        DummyCommandResult result = DummyCommands.Ip6Addr(registry, ["p1", address]);
        Assert.Equal(error ?? "OK", result.Reply);
        Assert.Equal(error is null, netdev.ChangeSeq > seq);
    }

    [Fact]
    public void ArpRequestsForTheDevicesAddressAreAnswered()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p1", "dummy", out INetdev? netdev));
        var dummy = (DummyNetdev)netdev!;
        Assert.Equal(0, dummy.OpenRxq(0, out INetdevRxq? rxq));
        Assert.Equal("OK", DummyCommands.Ip4Addr(registry, ["p1", "10.0.0.1/24"]).Reply);
        Assert.Equal(0, dummy.GetEtherAddress(out var mac));
        string ourMac = mac.ToString()!.Replace(":", string.Empty, StringComparison.Ordinal);

        // Who has 10.0.0.1? Tell 10.0.0.2 (from 50:54:00:00:00:02); and one for an address that is not ours.
        string request = "ffffffffffff" + "505400000002" + "0806" + "0001080006040001" + "505400000002" + "0a000002" + "000000000000" + "0a000001";
        string other = request[..^8] + "0a000009";
        var batch = new DpPacketBatch();
        batch.Add(DummyNetdevTests.Packet(Convert.FromHexString(request)));
        batch.Add(DummyNetdevTests.Packet(Convert.FromHexString(other)));
        Assert.Equal(0, dummy.Send(0, batch));

        Assert.Equal(0, rxq!.Receive(batch));
        string expected = "505400000002" + ourMac + "0806" + "0001080006040002" + ourMac + "0a000001" + "505400000002" + "0a000002";
        Assert.Equal(expected, Convert.ToHexStringLower(batch[0].Data));
        batch.ReleaseAll();
        Assert.Equal(Common.OvsErrno.EAGAIN, rxq.Receive(batch));
    }
}
