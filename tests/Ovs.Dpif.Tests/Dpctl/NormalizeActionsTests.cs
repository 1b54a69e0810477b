// ovs-dpctl normalize-actions: expected texts are what Debian's ovs-dpctl 3.1.0 printed for the same arguments
// (including its lack of a new line between groups and its byte-swapped TPID).
using Ovs.Dpif.Dpctl;
using Ovs.Netdev;
using DpctlSession = Ovs.Dpif.Dpctl.Dpctl;

namespace Ovs.Dpif.Tests.Dpctl;

public sealed class NormalizeActionsTests
{
    private const string Icmp = "in_port(1),eth(src=50:54:00:00:00:05,dst=50:54:00:00:00:07),eth_type(0x0800),ipv4(src=192.168.0.1,dst=192.168.0.2,proto=1,tos=0,ttl=128,frag=no),icmp(type=8,code=0)";
    private const string IcmpLine = "input flow: " + Icmp + "\n";

    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    private int Run(int verbosity, params string[] argv)
    {
        var dpctl = new DpctlSession(new DpifRegistry(), new NetdevRegistry(), new DpctlOptions { Verbosity = verbosity }, "ovs-dpctl", _out, _error);
        return DpctlCommands.Run(dpctl, argv);
    }

    [Fact]
    public void Groups_actions_by_vlan_stack_in_upstreams_order()
    {
        Assert.Equal(0, Run(0, "normalize-actions", Icmp, "push_vlan(vid=17,pcp=0),1,pop_vlan,push_vlan(tpid=0x88a8,vid=12,pcp=0),3,2,100,push_vlan(vid=5,pcp=3),7,6"));
        Assert.Equal(IcmpLine + "vlan(vid=17,pcp=0): no mpls: 1vlan(vid=5,pcp=3): vlan(tpid=0xa888,vid=12,pcp=0): no mpls: 6,7vlan(tpid=0xa888,vid=12,pcp=0): no mpls: 2,3,100", _out.ToString());
        Assert.Equal(string.Empty, _error.ToString());
    }

    [Fact]
    public void Verbose_shows_the_input_actions_and_only_output_runs_are_sorted()
    {
        Assert.Equal(0, Run(1, "normalize-actions", Icmp, "5,set(ipv4(src=1.1.1.1)),3,2", "p1=1"));
        Assert.Equal(IcmpLine + "input actions: 5,set(ipv4(src=1.1.1.1)),3,2\nno vlan: no mpls: 5,set(ipv4(src=1.1.1.1)),2,3", _out.ToString());
    }

    [Fact]
    public void Empty_actions_print_no_group()
    {
        Assert.Equal(0, Run(1, "normalize-actions", Icmp, ""));
        Assert.Equal(IcmpLine + "input actions: drop\n", _out.ToString());
    }

    [Fact]
    public void Mpls_flows_show_their_label_and_pop_vlan_without_vlan_does_nothing()
    {
        Assert.Equal(0, Run(0, "normalize-actions", "in_port(1),eth(),eth_type(0x8847),mpls(label=5,tc=1,ttl=64,bos=1)", "1,pop_vlan,2"));
        Assert.Equal("input flow: in_port(1),eth(src=00:00:00:00:00:00,dst=00:00:00:00:00:00),eth_type(0x8847),mpls(label=5,tc=1,ttl=64,bos=1)\nno vlan: mpls(label=5,tc=1,ttl=64): 1,2", _out.ToString());
    }

    [Fact]
    public void Port_names_apply_to_the_key_and_the_outputs()
    {
        Assert.Equal(0, Run(0, "normalize-actions", "in_port(p1),eth(),eth_type(0x1234)", "p2", "p1=1", "p2=2"));
        Assert.Equal("input flow: in_port(1),eth(src=00:00:00:00:00:00,dst=00:00:00:00:00:00),eth_type(0x1234)\nno vlan: no mpls: 2", _out.ToString());
    }

    [Theory]
    [InlineData(new[] { "normalize-actions", "in_port(1)", "1", "bad" }, "", "ovs-dpctl: bad: expected NAME=NUMBER\n")]
    [InlineData(new[] { "normalize-actions", "in_pt(1)", "1" }, "", "ovs-dpctl: odp_flow_key_from_string (syntax error at in_pt(1)) (Invalid argument)\n")]
    [InlineData(new[] { "normalize-actions", "in_port(1),eth_type(0x0800)", "1" }, "input flow: in_port(1),eth_type(0x0800)\n", "ovs-dpctl: odp_flow_key_to_flow failed (reason unknown) (No such file or directory)\n")]
    [InlineData(new[] { "normalize-actions", Icmp, "2,1,drop" }, IcmpLine, "ovs-dpctl: odp_actions_from_string (Invalid argument)\n")]
    public void Failures_say_what_upstream_says(string[] argv, string output, string error)
    {
        Assert.NotEqual(0, Run(0, argv));
        Assert.Equal(output, _out.ToString());
        Assert.Equal(error, _error.ToString());
    }
}
