using Ovs.Dpif.Netdev.Caches;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Caches;

public sealed class NetdevFlowKeyTests
{
    [Fact]
    public void KeepsOnlyNonZeroWordsAndExpandsBack()
    {
        var gen = new FlowGen(1);
        for (int n = 0; n < 500; n++)
        {
            FlowData flow = gen.RandomFlow();
            NetdevFlowKey key = FlowGen.Key(flow);
            int nonZero = 0;
            for (int i = 0; i < FlowLayout.WordCount; i++)
            {
                Assert.Equal(flow.ReadOnlyWords[i], key.GetWord(i));
                nonZero += flow.ReadOnlyWords[i] != 0 ? 1 : 0;
            }

            Assert.Equal(nonZero, key.Count);
            Assert.DoesNotContain(0UL, key.Values.ToArray());
            Assert.Equal(flow, key.ToFlow());
        }
    }

    [Fact]
    public void EqualFlowsGiveEqualKeysAndDifferentFlowsDoNot()
    {
        var a = default(FlowData);
        a.SetU32(FlowLayout.NwSrc, 0x0a000001);
        a.SetU16(FlowLayout.DlType, 0x0800);
        FlowData b = a;
        FlowData c = a;
        c.SetU16(FlowLayout.TpDst, 80);
        var d = default(FlowData);
        d.SetU8(FlowLayout.Size - 1, 1);

        NetdevFlowKey ka = FlowGen.Key(a);
        Assert.True(ka.SameAs(FlowGen.Key(b)));
        Assert.Equal(ka.Hash, FlowGen.Key(b).Hash);
        Assert.False(ka.SameAs(FlowGen.Key(c)));
        Assert.NotEqual(ka.Hash, FlowGen.Key(c).Hash);
        NetdevFlowKey kd = FlowGen.Key(d);
        Assert.Equal(0UL, kd.Map0);
        Assert.NotEqual(0UL, kd.Map1);
        Assert.Equal(1, kd.Count);
        Assert.Equal(d, kd.ToFlow());
    }

    [Fact]
    public void ExpandsToTheFlowAndCollapsesToZeroAndBuildsWordByWord()
    {
        var gen = new FlowGen(4);
        ulong[] dense = new ulong[FlowLayout.WordCount];
        for (int n = 0; n < 300; n++)
        {
            FlowData flow = gen.RandomFlow();
            NetdevFlowKey key = FlowGen.Key(flow);
            key.Expand(dense);
            Assert.Equal(flow.ReadOnlyWords.ToArray(), dense);
            key.Collapse(dense);
            Assert.All(dense, w => Assert.Equal(0UL, w));

            var built = default(NetdevFlowKey);
            built.Push(0, 99);
            built.Clear();
            for (int i = 0; i < FlowLayout.WordCount; i++)
            {
                built.Push(i, flow.ReadOnlyWords[i]);
            }

            built.Seal();
            Assert.True(built.SameAs(key));
            Assert.Equal(key.Hash, built.Hash);
        }
    }

    [Fact]
    public void EmptyFlowHasEmptyKey()
    {
        NetdevFlowKey key = FlowGen.Key(default);
        Assert.Equal(0, key.Count);
        Assert.True(key.SameAs(FlowGen.Key(default)));
    }
}
