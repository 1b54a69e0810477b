// The rule set the classifier benchmarks use: RuleCount rules spread evenly over 10 subtables, shaped like a
// routing/ACL table. Subtable m matches dl_type=IPv4, nw_proto=m+1 and nw_src as a /(16+m) prefix (odd m also
// tp_dst=443), at priority 100+16+m, so longer prefixes are tried first, as in longest-prefix-match tables.
using Ovs.Classifier;
using Ovs.Flow;

namespace Ovs.Benchmarks.Classifier;

internal static class ClassifierRuleSet
{
    public const int SubtableCount = 10;

    public static Match RuleMatch(int m, int i, out int priority)
    {
        int prefix = 16 + m;
        var match = default(Match);
        match.Flow.SetU16(FlowLayout.DlType, 0x0800);
        match.Wildcards.Masks.SetU16(FlowLayout.DlType, 0xffff);
        match.Flow.SetU8(FlowLayout.NwProto, (byte)(m + 1));
        match.Wildcards.Masks.SetU8(FlowLayout.NwProto, 0xff);
        match.Flow.SetU32(FlowLayout.NwSrc, (uint)(i + 1) << (32 - prefix));
        match.Wildcards.Masks.SetU32(FlowLayout.NwSrc, uint.MaxValue << (32 - prefix));
        if (m % 2 == 1)
        {
            match.Flow.SetU16(FlowLayout.TpDst, 443);
            match.Wildcards.Masks.SetU16(FlowLayout.TpDst, 0xffff);
        }

        priority = 100 + prefix;
        return match;
    }

    /// <summary>A packet that matches rule i of subtable m (host bits and unmasked fields set).</summary>
    public static FlowData Packet(int m, int i, int salt)
    {
        Match match = RuleMatch(m, i, out _);
        FlowData packet = match.Flow;
        packet.SetU32(FlowLayout.NwSrc, packet.U32(FlowLayout.NwSrc) | 1);
        packet.SetU32(FlowLayout.NwDst, 0xc0a80001);
        packet.SetU16(FlowLayout.TpSrc, (ushort)(40000 + salt));
        packet.SetU16(FlowLayout.TpDst, 443);
        packet.SetU16(FlowLayout.InPort, 1);
        return packet;
    }

    public static Classifier<int> Build(int ruleCount)
    {
        var cls = new Classifier<int>(Ovs.Classifier.Classifier.DefaultPrefixFields);
        int perSubtable = Math.Max(1, ruleCount / SubtableCount);
        for (int m = 0; m < SubtableCount; m++)
        {
            for (int i = 0; i < perSubtable; i++)
            {
                Match match = RuleMatch(m, i, out int priority);
                cls.Insert(new ClassifierRule<int>(match, priority, (m * perSubtable) + i), ClassifierVersion.Min);
            }
        }

        return cls;
    }
}
