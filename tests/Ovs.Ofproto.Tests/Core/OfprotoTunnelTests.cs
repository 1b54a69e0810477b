// Tunnel ports on switches over the dummy userspace datapath, as Debian's ovs-vswitchd 3.1.0 arranges them: tunnels
// share one datapath port per type (and UDP destination port), named and numbered as dpif/show and dpctl/show show
// them; a tunnel whose match repeats another's is refused; dpif/show, ofproto/list-tunnels and tnl/ports/show print
// Debian's lines for the same ports.
using Ovs.Common;
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Netdev;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Unixctl;

namespace Ovs.Ofproto.Tests.Core;

public sealed class OfprotoTunnelTests : IDisposable
{
    private readonly NetdevRegistry _netdevs = NetdevRegistry.CreateDefault();
    private readonly DpifRegistry _datapaths = new();
    private readonly OfprotoContext _context;
    private readonly List<Ofproto.Core.Ofproto> _created = [];

    public OfprotoTunnelTests()
    {
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(_datapaths, _netdevs, new DpNetdevCatalog()));
        _context = new OfprotoContext(_datapaths, _netdevs, new ManualTime());
    }

    public void Dispose()
    {
        foreach (Ofproto.Core.Ofproto ofproto in _created)
        {
            ofproto.Destroy(delete: true);
        }
    }

    [Fact]
    public void TunnelsShareTheirTypesDatapathPort()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        AddPort(br0, "br0", "dummy-internal", null, "");
        AddPort(br0, "p1", "gre", 1, "remote_ip=1.1.1.1");
        AddPort(br0, "p2", "gre", 2, "remote_ip=1.1.1.2");
        AddPort(br0, "p4", "vxlan", 4, "remote_ip=2.2.2.2");
        AddPort(br0, "p6", "vxlan", 6, "remote_ip=flow dst_port=9000 key=flow tos=inherit ttl=5 csum=true exts=gbp,gpe");

        // As Debian's dpif/show printed these ports (p2 added here to show the sharing).
        Assert.Equal(
            "dummy@ovs-dummy: hit:0 missed:0\n" +
            "  br0:\n" +
            "    br0 65534/100: (dummy-internal)\n" +
            "    p1 1/1: (gre: remote_ip=1.1.1.1)\n" +
            "    p2 2/1: (gre: remote_ip=1.1.1.2)\n" +
            "    p4 4/4789: (vxlan: remote_ip=2.2.2.2)\n" +
            "    p6 6/9000: (vxlan: csum=true, dst_port=9000, key=flow, remote_ip=flow, tos=inherit, ttl=5)\n",
            DpifShowCommands.Show(_context));
        Assert.Equal(
            ["0 ovs-dummy", "1 gre_sys", "100 br0", "4789 vxlan_sys_4789", "9000 vxlan_sys_9000"],
            br0.Backer.Dpif.PortDump().Select(p => $"{p.PortNumber} {p.Name}"));
        Assert.Equal(
            "Listening ports:\ngre_sys (1) ref_cnt=2\nvxlan_sys_4789 (4789) ref_cnt=1\nvxlan_sys_9000 (9000) ref_cnt=1\n",
            DpifShowCommands.ListeningPorts(_context));
        Assert.Equal(
            "port 1: p1 (gre: ::->1.1.1.1, key=0, legacy_l2, dp port=1, ttl=64)\n" +
            "port 1: p2 (gre: ::->1.1.1.2, key=0, legacy_l2, dp port=1, ttl=64)\n" +
            "port 4789: p4 (vxlan: ::->2.2.2.2, key=0, legacy_l2, dp port=4789, ttl=64)\n" +
            "port 9000: p6 (vxlan: ::->flow, key=flow, legacy_l2, dp port=9000, ttl=5, tos=inherit, csum=true)\n",
            DpifShowCommands.ListTunnels(_context));

        // The shared port goes with the last tunnel that uses it.
        Assert.Equal(0, br0.DeletePort(1));
        Assert.Equal(0, br0.Backer.Dpif.PortQueryByName("gre_sys", out _));
        Assert.Equal(0, br0.DeletePort(2));
        Assert.Equal(OvsErrno.ENODEV, br0.Backer.Dpif.PortQueryByName("gre_sys", out _));
    }

    [Fact]
    public void ATunnelWithAnotherTunnelsMatchIsRefusedAndUsesUpItsNumber()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        AddPort(br0, "p1", "gre", 1, "remote_ip=1.1.1.1");
        Assert.Equal(0, _netdevs.Open("p7", "gre", out INetdev? p7));
        Assert.Equal(0, p7!.SetConfig(Options("remote_ip=1.1.1.1"), out _));
        Assert.Equal(OvsErrno.EEXIST, br0.AddPort(p7, null, out OfprotoPort? refused));
        Assert.Null(refused);
        _netdevs.Close(p7);

        // Another key makes it a different tunnel; the refused port's number 2 is not reused at once.
        OfprotoPort p8 = AddPort(br0, "p8", "gre", null, "remote_ip=1.1.1.1 key=5");
        Assert.Equal((ushort)3, p8.OfpPort);
        Assert.Equal(1u, p8.OdpPort);
    }

    [Fact]
    public void NewOptionsMoveATunnelToItsNewDatapathPort()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        OfprotoPort p4 = AddPort(br0, "p4", "vxlan", 4, "remote_ip=2.2.2.2");
        Assert.Equal(4789u, p4.OdpPort);
        Assert.Equal(0, p4.Netdev.SetConfig(Options("remote_ip=2.2.2.2 dst_port=4800"), out _));
        Assert.Equal(0, br0.ReconfigureTunnel(4));
        Assert.Equal(4800u, br0.FindPort(4)!.OdpPort);
        Assert.Equal(OvsErrno.ENODEV, br0.Backer.Dpif.PortQueryByName("vxlan_sys_4789", out _));
        Assert.Equal(0, br0.Backer.Dpif.PortQueryByName("vxlan_sys_4800", out DpifPort? moved));
        Assert.Equal(4800u, moved!.PortNumber);
        Assert.Equal("port 4800: p4 (vxlan: ::->2.2.2.2, key=0, legacy_l2, dp port=4800, ttl=64)\n", DpifShowCommands.ListTunnels(_context));
    }

    private Ofproto.Core.Ofproto Create(string name)
    {
        Assert.Equal(0, Ofproto.Core.Ofproto.Create(name, "dummy", _context, out Ofproto.Core.Ofproto? ofproto));
        _created.Add(ofproto!);
        return ofproto!;
    }

    private OfprotoPort AddPort(Ofproto.Core.Ofproto ofproto, string name, string type, ushort? request, string options)
    {
        Assert.Equal(0, _netdevs.Open(name, type, out INetdev? netdev));
        Assert.Equal(0, netdev!.SetConfig(Options(options), out _));
        Assert.Equal(0, ofproto.AddPort(netdev, request, out OfprotoPort? port));
        _netdevs.Close(netdev);
        return port!;
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
}
