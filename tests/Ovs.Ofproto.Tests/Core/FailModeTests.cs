// The flow a switch has without a controller: standalone mode gets "priority=0 actions=NORMAL" in table 0, secure
// mode and switches with controllers get none, and every change flushes the tables (as Debian's ovs-vswitchd does).
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Netdev;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Core;

public sealed class FailModeTests : IDisposable
{
    private readonly Ofproto.Core.Ofproto _ofproto;

    public FailModeTests()
    {
        var netdevs = NetdevRegistry.CreateDefault();
        var datapaths = new DpifRegistry();
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(datapaths, netdevs, new DpNetdevCatalog()));
        Assert.Equal(0, Ofproto.Core.Ofproto.Create("br0", "dummy", new OfprotoContext(datapaths, netdevs, new ManualTime()), out Ofproto.Core.Ofproto? ofproto));
        _ofproto = ofproto!;
    }

    public void Dispose() => _ofproto.Destroy(delete: true);

    [Fact]
    public void StandaloneWithoutControllersGetsTheNormalFlow()
    {
        _ofproto.ConfigureFailMode(standalone: true, hasControllers: false);
        OfRule rule = Assert.Single(_ofproto.Tables.Rules());
        Assert.Equal(0, rule.Priority);
        Assert.Equal(0, rule.TableId);
        Assert.Equal("NORMAL", string.Join(',', rule.Actions));
    }

    [Fact]
    public void SecureModeAndControllersFlushAndAddNothing()
    {
        _ofproto.ConfigureFailMode(standalone: true, hasControllers: false);
        Assert.Null(FlowModParser.Parse("in_port=1,actions=drop", FlowModCommand.Add, out FlowMod fm, out _));
        _ofproto.Tables.Apply(fm, modifyCookie: true);
        Assert.Equal(2, _ofproto.Tables.RuleCount);

        _ofproto.ConfigureFailMode(standalone: true, hasControllers: true);
        Assert.Empty(_ofproto.Tables.Rules());

        _ofproto.ConfigureFailMode(standalone: true, hasControllers: false);
        Assert.Single(_ofproto.Tables.Rules());

        _ofproto.ConfigureFailMode(standalone: false, hasControllers: false);
        Assert.Empty(_ofproto.Tables.Rules());
    }

    [Fact]
    public void ANewSwitchIsSecureAndEmpty()
    {
        _ofproto.ConfigureFailMode(standalone: false, hasControllers: false);
        Assert.Empty(_ofproto.Tables.Rules());
    }
}
