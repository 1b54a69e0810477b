// The megaflow narrowness the classifier promises (upstream tests/classifier.at "staged lookup" and "prefix
// lookup" show the behaviour): a miss in an early stage leaves later stages wildcarded, a trie miss un-wildcards
// only the leading address bits that decided it, and subtables that cannot beat the found rule are not examined.
using Ovs.Flow;
using Ovs.Flow.Fields;

namespace Ovs.Classifier.Tests;

public sealed class WildcardTests
{
    [Fact]
    public void MissInMetadataStage_LeavesL2L3L4Wildcarded()
    {
        var cls = new Classifier<int>();
        var m = default(Match);
        Fields.Exact(ref m, FlowLayout.InPort, 2, 1);
        Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
        Fields.Prefix(ref m, FlowLayout.NwSrc, 4, Fields.Ip(10, 0, 0, 0), 8);
        Fields.Exact(ref m, FlowLayout.TpDst, 2, 80);
        cls.Insert(new ClassifierRule<int>(m, 10, 1), 0);

        FlowData flow = Fields.Ipv4Flow(2, Fields.Ip(10, 1, 1, 1), Fields.Ip(1, 1, 1, 1));
        var wc = default(FlowWildcards);
        Assert.Null(cls.Lookup(0, flow, ref wc));
        Assert.Equal(0xffff, wc.Masks.U16(FlowLayout.InPort));
        Assert.Equal(0, wc.Masks.U16(FlowLayout.DlType));
        Assert.Equal(0u, wc.Masks.U32(FlowLayout.NwSrc));
        Assert.Equal(0, wc.Masks.U16(FlowLayout.TpDst));
    }

    [Fact]
    public void MissInL3Stage_LeavesL4Wildcarded()
    {
        var cls = new Classifier<int>();
        var m = default(Match);
        Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
        Fields.Exact(ref m, FlowLayout.NwProto, 1, 17);
        Fields.Exact(ref m, FlowLayout.TpDst, 2, 53);
        cls.Insert(new ClassifierRule<int>(m, 10, 1), 0);

        var wc = default(FlowWildcards);
        Assert.Null(cls.Lookup(0, Fields.Ipv4Flow(1, 1, 2, proto: 6, tpDst: 53), ref wc));
        Assert.Equal(0xffff, wc.Masks.U16(FlowLayout.DlType));
        Assert.Equal(0xff, wc.Masks.U8(FlowLayout.NwProto));
        Assert.Equal(0, wc.Masks.U16(FlowLayout.TpDst));
    }

    [Fact]
    public void Hit_UnwildcardsTheWholeSubtableMask()
    {
        var cls = new Classifier<int>();
        var m = default(Match);
        Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
        Fields.Prefix(ref m, FlowLayout.NwDst, 4, Fields.Ip(192, 168, 0, 0), 16);
        cls.Insert(new ClassifierRule<int>(m, 10, 1), 0);

        var wc = default(FlowWildcards);
        Assert.NotNull(cls.Lookup(0, Fields.Ipv4Flow(1, 1, Fields.Ip(192, 168, 3, 4)), ref wc));
        Assert.Equal(0xffff0000u, wc.Masks.U32(FlowLayout.NwDst));
        Assert.Equal(0u, wc.Masks.U32(FlowLayout.NwSrc));
    }

    [Theory]
    [InlineData(true, 0x80000000u)]
    [InlineData(false, 0xffff0000u)]
    public void TrieMiss_UnwildcardsOnlyTheDecidingPrefixBits(bool withTrie, uint expectedMask)
    {
        // The only rule is 10.1.0.0/16; 192.168.1.1 differs from it in the very first bit.
        var cls = new Classifier<int>(withTrie ? [FieldId.Ipv4Src] : []);
        var m = default(Match);
        Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
        Fields.Prefix(ref m, FlowLayout.NwSrc, 4, Fields.Ip(10, 1, 0, 0), 16);
        cls.Insert(new ClassifierRule<int>(m, 10, 1), 0);

        var wc = default(FlowWildcards);
        Assert.Null(cls.Lookup(0, Fields.Ipv4Flow(1, Fields.Ip(192, 168, 1, 1), 2), ref wc));
        Assert.Equal(expectedMask, wc.Masks.U32(FlowLayout.NwSrc));
    }

    [Fact]
    public void TrieMiss_ShorterRoutesLimitTheBitsToTheLongestMatchingPath()
    {
        // Routes 10.0.0.0/8 and 10.1.2.0/24 in separate subtables, longer prefix at higher priority. A packet to
        // 10.1.128.7 matches the /8; the trie rules the /24 out after reading 17 bits (10.1.0 vs 10.1.128 first
        // differ in bit 17), so the megaflow is /17, not /24.
        var cls = new Classifier<int>([FieldId.Ipv4Dst]);
        for (int length = 8; length <= 24; length += 16)
        {
            var m = default(Match);
            Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
            Fields.Prefix(ref m, FlowLayout.NwDst, 4, Fields.Ip(10, 1, 2, 0), length);
            cls.Insert(new ClassifierRule<int>(m, length, length), 0);
        }

        var wc = default(FlowWildcards);
        ClassifierRule<int>? rule = cls.Lookup(0, Fields.Ipv4Flow(1, 1, Fields.Ip(10, 1, 128, 7)), ref wc);
        Assert.Equal(8, rule?.Payload);
        Assert.Equal(0xffff8000u, wc.Masks.U32(FlowLayout.NwDst));
    }

    [Fact]
    public void Ipv6TrieMiss_UnwildcardsAFewBits()
    {
        var cls = new Classifier<int>([FieldId.Ipv6Dst]);
        var m = default(Match);
        Fields.Exact(ref m, FlowLayout.DlType, 2, 0x86dd);
        Fields.Prefix(ref m, FlowLayout.Ipv6Dst, 16, new UInt128(0x2001_0db8_0000_0000, 0), 32);
        cls.Insert(new ClassifierRule<int>(m, 10, 1), 0);

        var flow = default(FlowData);
        flow.SetU16(FlowLayout.DlType, 0x86dd);
        Fields.SetBits(ref flow, FlowLayout.Ipv6Dst, 16, new UInt128(0x2001_0db9_0000_0000, 5));
        var wc = default(FlowWildcards);
        Assert.Null(cls.Lookup(0, flow, ref wc));

        // 2001:db8 and 2001:db9 first differ in bit 31, so 32 bits were needed: still the whole /32, but nothing
        // of the low 96 bits.
        Assert.Equal(Fields.PrefixMask(16, 32), Fields.Get(wc.Masks, FlowLayout.Ipv6Dst, 16));
    }

    [Theory]
    [InlineData(443, 0xff00)]
    [InlineData(81, 0xffff)]
    [InlineData(0x8050, 0x8000)]
    public void LastStagePortMiss_UnwildcardsOnlyTheDecidingPortBits(ushort port, int expectedMask)
    {
        // tcp,tp_dst=80: 80 (0x0050) and 443 (0x01bb) first differ in bit 7 of tp_dst, 80 and 81 only in the
        // last bit, 80 and 0x8050 in the first. tp_src is not matched and stays wildcarded.
        var cls = new Classifier<int>();
        var m = default(Match);
        Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
        Fields.Exact(ref m, FlowLayout.NwProto, 1, 6);
        Fields.Exact(ref m, FlowLayout.TpDst, 2, 80);
        cls.Insert(new ClassifierRule<int>(m, 10, 1), 0);

        var wc = default(FlowWildcards);
        Assert.Null(cls.Lookup(0, Fields.Ipv4Flow(1, 1, 2, proto: 6, tpDst: port), ref wc));
        Assert.Equal(expectedMask, wc.Masks.U16(FlowLayout.TpDst));
        Assert.Equal(0, wc.Masks.U16(FlowLayout.TpSrc));
        Assert.Equal(0xff, wc.Masks.U8(FlowLayout.NwProto));
    }

    [Fact]
    public void SubtablesThatCannotWin_AreNotExamined()
    {
        var cls = new Classifier<int>();
        var high = default(Match);
        Fields.Exact(ref high, FlowLayout.InPort, 2, 1);
        cls.Insert(new ClassifierRule<int>(high, 100, 1), 0);
        var low = default(Match);
        Fields.Exact(ref low, FlowLayout.TpDst, 2, 80);
        cls.Insert(new ClassifierRule<int>(low, 50, 2), 0);

        var wc = default(FlowWildcards);
        Assert.Equal(1, cls.Lookup(0, Fields.Ipv4Flow(1, 1, 2), ref wc)?.Payload);
        Assert.Equal(0, wc.Masks.U16(FlowLayout.TpDst));

        wc = default;
        Assert.Equal(2, cls.Lookup(0, Fields.Ipv4Flow(2, 1, 2), ref wc)?.Payload);
        Assert.Equal(0xffff, wc.Masks.U16(FlowLayout.InPort));
        Assert.Equal(0xffff, wc.Masks.U16(FlowLayout.TpDst));
    }

    [Fact]
    public void CatchAllRule_MatchesEverythingWithNoBits()
    {
        var cls = new Classifier<int>(Classifier.DefaultPrefixFields);
        cls.Insert(new ClassifierRule<int>(Match.CatchAll, 0, 7), 0);
        var wc = default(FlowWildcards);
        Assert.Equal(7, cls.Lookup(0, Fields.Ipv4Flow(3, 4, 5), ref wc)?.Payload);
        Assert.True(wc.IsCatchAll);
    }

    [Fact]
    public void ChangingPrefixFields_RebuildsTheTries()
    {
        var cls = new Classifier<int>();
        var m = default(Match);
        Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
        Fields.Prefix(ref m, FlowLayout.NwSrc, 4, Fields.Ip(10, 1, 0, 0), 16);
        cls.Insert(new ClassifierRule<int>(m, 10, 1), 0);

        Assert.True(cls.SetPrefixFields([FieldId.Ipv4Src]));
        Assert.False(cls.SetPrefixFields([FieldId.Ipv4Src]));
        Assert.Equal([FieldId.Ipv4Src], cls.PrefixFields);
        var wc = default(FlowWildcards);
        Assert.Null(cls.Lookup(0, Fields.Ipv4Flow(1, Fields.Ip(192, 168, 1, 1), 2), ref wc));
        Assert.Equal(0x80000000u, wc.Masks.U32(FlowLayout.NwSrc));
        Assert.Equal(1, cls.Lookup(0, Fields.Ipv4Flow(1, Fields.Ip(10, 1, 9, 9), 2))?.Payload);
    }

    [Fact]
    public void PrefixFields_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => new Classifier<int>([FieldId.TcpDst]));
        Assert.Throws<ArgumentException>(() => new Classifier<int>([FieldId.Ipv4Src, FieldId.Ipv4Dst, FieldId.Ipv6Src, FieldId.Ipv6Dst]));
        Assert.Equal([FieldId.TunDst], new Classifier<int>([FieldId.TunDst, FieldId.TunDst]).PrefixFields);
    }
}
