// Tunnel devices against what Debian's ovs-vswitchd 3.1.0 shows for the same options (dpif/show and dpctl/show
// lines, netdev_vport|WARN texts and the Interface error column, recorded with --enable-dummy on the dummy datapath).
using Ovs.Common;
using Ovs.Netdev.Tunnel;

namespace Ovs.Netdev.Tests.Tunnel;

public sealed class TunnelNetdevTests
{
    [Theory]
    [InlineData("gre", "remote_ip=1.1.1.1", "remote_ip=1.1.1.1")]
    [InlineData("lisp", "remote_ip=2.2.2.2", "remote_ip=2.2.2.2")]
    [InlineData("vxlan", "csum=true dst_port=9000 exts=gbp,gpe key=flow remote_ip=flow tos=inherit ttl=5",
        "csum=true dst_port=9000 key=flow remote_ip=flow tos=inherit ttl=5")]
    [InlineData("vxlan", "remote_ip=1.1.1.1 dst_port=4789 in_key=5 out_key=5", "key=5 remote_ip=1.1.1.1")]
    [InlineData("geneve", "remote_ip=fe80::1 local_ip=fe80::2 in_key=flow out_key=7 tos=0x10 ttl=0", "in_key=flow local_ip=fe80::2 out_key=7 remote_ip=fe80::1 tos=0x10")]
    [InlineData("gre", "remote_ip=1.1.1.1 seq=true csum=true df_default=false egress_pkt_mark=12 packet_type=legacy_l3",
        "csum=true df_default=false egress_pkt_mark=12 packet_type=legacy_l3 remote_ip=1.1.1.1 seq=true")]
    [InlineData("erspan", "remote_ip=1.1.1.1 erspan_ver=1 erspan_idx=1f", "erspan_idx=0x1f erspan_ver=1 remote_ip=1.1.1.1")]
    [InlineData("ip6erspan", "remote_ip=fe80::9 erspan_ver=2 erspan_dir=1 erspan_hwid=3", "erspan_dir=1 erspan_hwid=0x3 erspan_ver=2 remote_ip=fe80::9")]
    [InlineData("erspan", "remote_ip=1.1.1.1 erspan_ver=flow", "erspan_dir=flow erspan_hwid=flow erspan_idx=flow erspan_ver=flow remote_ip=1.1.1.1")]
    [InlineData("bareudp", "remote_ip=1.1.1.1 dst_port=6635 payload_type=mpls", "dst_port=6635 remote_ip=1.1.1.1")]
    [InlineData("bareudp", "remote_ip=3.3.3.4 payload_type=mpls", "remote_ip=3.3.3.4")]
    [InlineData("erspan", "remote_ip=3.3.3.3", "erspan_ver=0 remote_ip=3.3.3.3")]
    [InlineData("ip6gre", "remote_ip=fe80::1 local_ip=fe80::2", "local_ip=fe80::2 remote_ip=fe80::1")]
    [InlineData("gtpu", "remote_ip=1.1.1.1 packet_type=ptap", "packet_type=ptap remote_ip=1.1.1.1")]
    [InlineData("vxlan", "remote_ip=1.1.1.1 exts=gpe packet_type=legacy_l3", "packet_type=legacy_l3 remote_ip=1.1.1.1")]
    [InlineData("stt", "remote_ip=1.1.1.1 dst_port=7471 remote_cert=x psk=y", "remote_ip=1.1.1.1")]
    public void ConfigurationReadsBackAsDebianShowsIt(string type, string options, string shown)
    {
        INetdev tunnel = Open(type, "t0");
        Assert.Equal(0, tunnel.SetConfig(Options(options), out string? error));
        Assert.Null(error);
        Assert.Equal(shown, Format(tunnel.GetConfig()));
    }

    [Theory]
    [InlineData("gre_sys", "gre", "packet_type=ptap")]
    [InlineData("vxlan_sys_4789", "vxlan", "packet_type=ptap")]
    [InlineData("vxlan_sys_9000", "vxlan", "dst_port=9000 packet_type=ptap")]
    [InlineData("lisp_sys_4341", "lisp", "packet_type=ptap")]
    [InlineData("erspan_sys", "erspan", "erspan_ver=0 packet_type=ptap")]
    [InlineData("udp_sys_77", "bareudp", "dst_port=77 packet_type=ptap")]
    public void DatapathPortsKeepTheirInitialConfiguration(string name, string type, string shown)
    {
        var tunnel = (ITunnelNetdev)Open(type, name);
        Assert.Equal(shown, Format(tunnel.GetConfig()));
        Assert.Equal(name, tunnel.DatapathPortName);
    }

    [Fact]
    public void DatapathPortNameFollowsTheDestinationPort()
    {
        var tunnel = (ITunnelNetdev)Open("vxlan", "p6");
        Assert.Equal("vxlan_sys_4789", tunnel.DatapathPortName);
        Assert.Equal(0, tunnel.SetConfig(Options("remote_ip=1.1.1.1 dst_port=9000"), out _));
        Assert.Equal("vxlan_sys_9000", tunnel.DatapathPortName);

        var gre = (ITunnelNetdev)Open("gre", "p1");
        Assert.Equal(0, gre.SetConfig(Options("remote_ip=1.1.1.1 dst_port=9000"), out _));
        Assert.Equal("gre_sys", gre.DatapathPortName);
    }

    [Theory]
    [InlineData("erspan", "remote_ip=224.1.1.1", "p9: multicast remote_ip=224.1.1.1 not allowed")]
    [InlineData("lisp", "remote_ip=1.2.3.4 packet_type=legacy_l2", "p9: legacy_l2 configured on lisp tunnel that cannot carry L2 traffic")]
    [InlineData("vxlan", "remote_ip=1.2.3.4 packet_type=legacy_l3", "p9: legacy_l3 configured on VXLAN (without GPE) tunnel that cannot carry L3 traffic")]
    [InlineData("gre", "remote_ip=1.2.3.4 packet_type=l4", "p9: unknown packet_type 'l4'")]
    [InlineData("gre", "", "p9: gre type requires valid 'remote_ip' argument")]
    [InlineData("gre", "remote_ip=::", "p9: gre type requires valid 'remote_ip' argument")]
    [InlineData("geneve", "remote_ip=nope", "p9: bad geneve 'remote_ip'\np9: geneve type requires valid 'remote_ip' argument")]
    [InlineData("gre", "remote_ip=1.2.3.4 local_ip=flow", "p9: gre type requires 'remote_ip=flow' with 'local_ip=flow'")]
    [InlineData("gre", "remote_ip=1.2.3.4 local_ip=fe80::1", "p9: 'remote_ip' and 'local_ip' has to be of the same address family")]
    [InlineData("erspan", "remote_ip=1.2.3.4 erspan_ver=3", "p9: invalid erspan version: 3")]
    [InlineData("erspan", "remote_ip=1.2.3.4 erspan_idx=100000", "p9: invalid erspan index: 100000")]
    [InlineData("erspan", "remote_ip=1.2.3.4 erspan_dir=2", "p9: invalid erspan direction: 2")]
    [InlineData("erspan", "remote_ip=1.2.3.4 erspan_hwid=40", "p9: invalid erspan hardware ID: 40")]
    public void ErrorsUseUpstreamsTextsAndKeepThePreviousConfiguration(string type, string options, string error)
    {
        INetdev tunnel = Open(type, "p9");
        Assert.Equal(0, tunnel.SetConfig(Options("remote_ip=9.9.9.9"), out _));
        string before = Format(tunnel.GetConfig());
        Assert.Equal(type == "erspan" ? "erspan_ver=0 remote_ip=9.9.9.9" : "remote_ip=9.9.9.9", before);
        Assert.Equal(OvsErrno.EINVAL, tunnel.SetConfig(Options(options), out string? text));
        Assert.Equal(error, text);
        Assert.Equal(before, Format(tunnel.GetConfig()));
    }

    [Fact]
    public void WarningsAreCollectedInUpstreamsOptionOrderAndTheRestApplies()
    {
        // Debian logged these four lines as one netdev_vport|WARN message, in this order, and added the port.
        INetdev tunnel = Open("vxlan", "p8");
        TunnelParseResult result = TunnelConfigParser.Parse("p8", TunnelKind.Vxlan,
            Options("remote_ip=1.1.1.1 exts=foo,gbp tos=3 bogus=1 local_ip=x dst_port=4790"));
        Assert.Equal(0, result.Errno);
        Assert.Equal("p8: bad vxlan 'local_ip'\np8: invalid TOS 3\np8: unknown extension 'foo'\np8: unknown vxlan argument 'bogus'", result.Messages);
        Assert.True(result.Config!.Gbp);
        Assert.Equal(0, tunnel.SetConfig(Options("remote_ip=1.1.1.1 exts=foo,gbp tos=3 bogus=1 local_ip=x dst_port=4790"), out string? error));
        Assert.Null(error);
        Assert.Equal("dst_port=4790 remote_ip=1.1.1.1", Format(tunnel.GetConfig()));
    }

    [Theory]
    [InlineData("gre", "dst_port=1", "p9: unknown gre argument 'dst_port'")]
    [InlineData("lisp", "csum=true", "p9: unknown lisp argument 'csum'")]
    [InlineData("vxlan", "seq=true", "p9: unknown vxlan argument 'seq'")]
    [InlineData("geneve", "exts=gbp", "p9: unknown geneve argument 'exts'")]
    [InlineData("gre", "tos=0x3", "p9: invalid TOS 0x3")]
    [InlineData("gre", "tos=12x", "p9: invalid TOS 12x")]
    public void OptionsATypeDoesNotTakeAreWarnedAbout(string type, string option, string warning)
    {
        TunnelParseResult result = TunnelConfigParser.Parse("p9", TunnelKind.Find(type)!, Options("remote_ip=1.1.1.1 " + option));
        Assert.Equal(0, result.Errno);
        Assert.Equal(warning, result.Messages);
    }

    [Fact]
    public void BadPayloadTypeFailsWithoutDetails()
    {
        INetdev tunnel = Open("bareudp", "p9");
        Assert.Equal(OvsErrno.EINVAL, tunnel.SetConfig(Options("remote_ip=1.1.1.1 payload_type=70000"), out string? error));
        Assert.Null(error);
    }

    [Fact]
    public void VxlanGbpAndPlainVxlanCannotShareAUdpPort()
    {
        // tunnel.at "concomitant incompatible tunnels on the same port": p1 plain on 4789 (with the datapath's
        // vxlan_sys_4789), then p2 with exts=gbp on 4789 is refused; on another port it is fine.
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p1", "vxlan", out INetdev? p1));
        Assert.Equal(0, p1!.SetConfig(Options("remote_ip=flow"), out _));
        Assert.Equal(0, registry.Open("vxlan_sys_4789", "vxlan", out _));
        Assert.Equal(0, registry.Open("p2", "vxlan", out INetdev? p2));
        Assert.Equal(OvsErrno.EEXIST, p2!.SetConfig(Options("remote_ip=flow exts=gbp key=1"), out string? error));
        Assert.Equal("p2: VXLAN-GBP, and non-VXLAN-GBP tunnels can't be configured on the same dst_port", error);
        Assert.Equal(0, p2.SetConfig(Options("remote_ip=flow exts=gbp dst_port=9000"), out error));
        Assert.Null(error);

        // Plain VXLAN may not join 9000 now, but may once p2 leaves it.
        Assert.Equal(0, registry.Open("p3", "vxlan", out INetdev? p3));
        Assert.Equal(OvsErrno.EEXIST, p3!.SetConfig(Options("remote_ip=flow dst_port=9000"), out _));
        registry.Close(p2);
        Assert.Equal(0, p3.SetConfig(Options("remote_ip=flow dst_port=9000"), out _));
    }

    [Fact]
    public void DevicesHaveNoQueuesAndReportVportCounters()
    {
        var tunnel = (TunnelNetdev)Open("geneve", "p5");
        Assert.Equal(0, tunnel.RxqCount);
        Assert.Equal(OvsErrno.EOPNOTSUPP, tunnel.OpenRxq(0, out _));
        Assert.Equal(OvsErrno.EOPNOTSUPP, tunnel.GetMtu(out _));
        Assert.Equal(OvsErrno.EOPNOTSUPP, tunnel.UpdateFlags(NetdevFlags.Up, NetdevFlags.None, out _));
        Assert.Equal(0, tunnel.UpdateFlags(NetdevFlags.None, NetdevFlags.Up, out NetdevFlags old));
        Assert.Equal(NetdevFlags.Up | NetdevFlags.Promisc, old);
        tunnel.CountSent(2, 120);
        Assert.Equal(0, tunnel.GetStats(out NetdevStats stats));
        Assert.Equal(2ul, stats.TxPackets);
        Assert.Equal(120ul, stats.TxBytes);
        Assert.Equal(0ul, stats.RxPackets);
        Assert.Equal(NetdevStats.Unsupported, stats.TxDropped);
    }

    [Fact]
    public void EveryTunnelTypeIsRegistered()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        foreach (string type in new[] { "bareudp", "erspan", "geneve", "gre", "gtpu", "ip6erspan", "ip6gre", "lisp", "stt", "vxlan" })
        {
            Assert.True(registry.IsTypeRegistered(type), type);
        }
    }

    private static INetdev Open(string type, string name)
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open(name, type, out INetdev? netdev));
        return netdev!;
    }

    private static Dictionary<string, string> Options(string text)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            options[pair[..eq]] = pair[(eq + 1)..];
        }

        return options;
    }

    private static string Format(IReadOnlyDictionary<string, string> config) =>
        string.Join(' ', config.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => $"{p.Key}={p.Value}"));
}
