using Ovs.Common;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

public class FlowTests
{
    internal const string UdpMegaflow =
        "in_port(1),eth(src=00:00:00:00:00:0a/00:00:00:00:00:00,dst=00:00:00:00:00:0b/00:00:00:00:00:00),eth_type(0x0800)," +
        "ipv4(src=10.0.0.1/0.0.0.0,dst=10.0.0.0/255.255.255.0,proto=0/0,tos=0/0,ttl=64/0,frag=no)";

    private static readonly Ufid s_ufid = new(0x11111111, 0x22222222, 0x33333333, 0x44444444);

    [Fact]
    public void Put_get_dump_del_by_ufid()
    {
        using var f = new DatapathFixture();
        Assert.Equal(0, f.Dpif.FlowPut(DatapathFixture.Put(UdpMegaflow, "2", s_ufid), out DpifFlowStats created));
        Assert.Equal(default, created);
        Assert.Equal(0, f.Dpif.FlowGet(ReadOnlyMemory<byte>.Empty, s_ufid, out DpifFlow? got));
        Assert.Equal(s_ufid, got!.Ufid);
        Assert.Equal(DatapathFixture.Actions("2"), got.Actions.ToArray());
        DpifFlow dumped = Assert.Single(f.Dpif.FlowDump());
        Assert.Equal(got.Key.ToArray(), dumped.Key.ToArray());
        Assert.Equal(got.Mask.ToArray(), dumped.Mask.ToArray());
        Assert.Equal(1ul, f.Dpif.GetStats().Flows);

        Assert.Equal(0, f.Dpif.FlowDel(ReadOnlyMemory<byte>.Empty, s_ufid, out _));
        Assert.Equal(OvsErrno.ENOENT, f.Dpif.FlowGet(ReadOnlyMemory<byte>.Empty, s_ufid, out _));
        Assert.Equal(OvsErrno.ENOENT, f.Dpif.FlowDel(ReadOnlyMemory<byte>.Empty, s_ufid, out _));
        Assert.Empty(f.Dpif.FlowDump());
    }

    [Fact]
    public void Without_a_ufid_the_key_names_the_flow()
    {
        using var f = new DatapathFixture();
        DpifFlowPut put = DatapathFixture.Put(UdpMegaflow, "2");
        Assert.Equal(0, f.Dpif.FlowPut(put, out _));
        Assert.Equal(0, f.Dpif.FlowGet(put.Key, null, out DpifFlow? got));
        Assert.NotNull(got!.Ufid);
        Assert.Equal(0, f.Dpif.FlowGet(ReadOnlyMemory<byte>.Empty, got.Ufid, out _));
        Assert.Equal(0, f.Dpif.FlowDel(put.Key, null, out _));
        Assert.Equal(OvsErrno.ENOENT, f.Dpif.FlowGet(put.Key, null, out _));
    }

    [Fact]
    public void Put_flags_give_upstreams_errors()
    {
        using var f = new DatapathFixture();
        Assert.Equal(OvsErrno.ENOENT, f.Dpif.FlowPut(DatapathFixture.Put(UdpMegaflow, "2", s_ufid, DpifFlowPutFlags.Modify), out _));
        Assert.Equal(0, f.Dpif.FlowPut(DatapathFixture.Put(UdpMegaflow, "2", s_ufid), out _));
        Assert.Equal(OvsErrno.EEXIST, f.Dpif.FlowPut(DatapathFixture.Put(UdpMegaflow, "3", s_ufid), out _));
        Assert.Equal(OvsErrno.EINVAL, f.Dpif.FlowPut(DatapathFixture.Put(UdpMegaflow, "3", s_ufid, DpifFlowPutFlags.None), out _));
        Assert.Equal(0, f.Dpif.FlowPut(DatapathFixture.Put(UdpMegaflow, "3", s_ufid, DpifFlowPutFlags.Modify), out _));
        Assert.Equal(0, f.Dpif.FlowGet(ReadOnlyMemory<byte>.Empty, s_ufid, out DpifFlow? modified));
        Assert.Equal(DatapathFixture.Actions("3"), modified!.Actions.ToArray());
        Assert.Equal(
            OvsErrno.EOPNOTSUPP,
            f.Dpif.FlowPut(DatapathFixture.Put(UdpMegaflow, "4", s_ufid, DpifFlowPutFlags.Modify | DpifFlowPutFlags.ZeroStats), out _));
    }

    [Fact]
    public void Bad_keys_and_wildcarded_in_port_are_einval()
    {
        using var f = new DatapathFixture();
        DpifFlowPut wildInPort = DatapathFixture.Put(UdpMegaflow.Replace("in_port(1)", "in_port(1/0)", StringComparison.Ordinal), "2");
        Assert.Equal(OvsErrno.EINVAL, f.Dpif.FlowPut(wildInPort, out _));
        DpifFlowPut garbage = new(DpifFlowPutFlags.Create, new byte[] { 1, 2, 3 }, ReadOnlyMemory<byte>.Empty, DatapathFixture.Actions("2"), null);
        Assert.Equal(OvsErrno.EINVAL, f.Dpif.FlowPut(garbage, out _));

        // An IPv4 key without its ipv4() attribute is too little for the datapath.
        DpifFlowPut tooLittle = DatapathFixture.Put("in_port(1),eth(src=00:00:00:00:00:0a,dst=00:00:00:00:00:0b),eth_type(0x0800)", "2");
        Assert.Equal(OvsErrno.EINVAL, f.Dpif.FlowPut(tooLittle, out _));
        Assert.Equal(OvsErrno.ENOENT, f.Dpif.FlowGet(new byte[] { 1, 2, 3 }, null, out _));
        Assert.Empty(f.Dpif.FlowDump());
    }

    [Fact]
    public void Flush_deletes_every_flow()
    {
        using var f = new DatapathFixture();
        for (int i = 1; i <= 5; i++)
        {
            Assert.Equal(0, f.Dpif.FlowPut(DatapathFixture.Put(UdpMegaflow.Replace("10.0.0.0/", $"10.0.{i}.0/", StringComparison.Ordinal), "2"), out _));
        }

        Assert.Equal(5, f.Dpif.FlowDump().Count);
        Assert.Equal(0, f.Dpif.FlowFlush());
        Assert.Empty(f.Dpif.FlowDump());
        Assert.Equal(0ul, f.Dpif.GetStats().Flows);
    }
}
