// Upstream: struct oftable in ofproto/ofproto-provider.h, with oftable_init(), oftable_set_name(),
// oftable_configure_eviction(), choose_rule_to_evict() and rule_eviction_priority() of ofproto/ofproto.c (OVS 3.1)
//
// One OpenFlow table: its classifier of rules, its name, its size limit and what happens when an add would pass it
// (refuse with OFPFMFC_TABLE_FULL, or evict), its miss behaviour and its counters.
//
// Eviction. Only rules with a timeout can be evicted. They are partitioned into eviction groups by the values of the
// table's group fields (all in one group without fields); the victim comes from the largest group, and within it is
// the rule with the lowest importance and, among equals, the one that would expire first. Upstream keeps heaps; a
// table that evicts is scanned instead, which costs O(n) per eviction and keeps no second structure in sync.
// Threading: main loop only, except Classifier lookups and the counters, which upcall threads use.
using Ovs.Classifier;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Tables;

internal sealed class OfTable
{
    private long _lookups;
    private long _matches;

    public OfTable(byte id)
    {
        Id = id;
        Rules = new Classifier<OfRule>(Classifier.Classifier.DefaultPrefixFields);
    }

    public byte Id { get; }

    public Classifier<OfRule> Rules { get; }

    /// <summary>Number of rules that are in the table (not marked for removal).</summary>
    public int FlowCount { get; set; }

    /// <summary>How many of the rules are hidden ones (counted in FlowCount, not shown to controllers).</summary>
    public int HiddenCount { get; set; }

    /// <summary>The name from the Flow_Table row, or null for the default ("table#").</summary>
    public string? Name { get; set; }

    /// <summary>The most rules the table may hold (flow_limit), unlimited by default.</summary>
    public uint MaxFlows { get; set; } = uint.MaxValue;

    /// <summary>Eviction asked for by the database (overflow_policy=evict).</summary>
    public bool EvictByConfig { get; set; }

    /// <summary>Eviction asked for by an OpenFlow 1.4+ table_mod.</summary>
    public bool EvictByTableMod { get; set; }

    public bool Evicts => EvictByConfig || EvictByTableMod;

    /// <summary>The fields whose values partition evictable rules into fairness groups.</summary>
    public IReadOnlyList<Subfield> EvictionFields { get; set; } = [];

    public TableMissConfig MissConfig { get; set; } = TableMissConfig.Default;

    /// <summary>OpenFlow 1.4 vacancy events: enabled, and the down/up thresholds in percent.</summary>
    public bool VacancyEnabled => VacancyEvent != 0;

    /// <summary>The vacancy event the table sends next (TableDesc.ReasonVacancyDown or Up), 0 when events are off.</summary>
    public byte VacancyEvent { get; set; }

    public byte VacancyDown { get; set; }

    public byte VacancyUp { get; set; }

    public ulong LookupCount => (ulong)Interlocked.Read(ref _lookups);

    public ulong MatchedCount => (ulong)Interlocked.Read(ref _matches);

    /// <summary>Counts packets looked up in the table (those that matched and those that did not).</summary>
    public void CountLookups(ulong packets, bool matched)
    {
        Interlocked.Add(ref _lookups, (long)packets);
        if (matched)
        {
            Interlocked.Add(ref _matches, (long)packets);
        }
    }

    /// <summary>
    /// The rule to evict to make room (choose_rule_to_evict), or null when the table does not evict or has no
    /// evictable rule. <paramref name="bootMs"/> anchors the expiration times as upstream's time_boot_msec().
    /// </summary>
    public OfRule? ChooseVictim(ulong version, long bootMs)
    {
        if (!Evicts)
        {
            return null;
        }

        var groups = new Dictionary<string, List<OfRule>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (ClassifierRule<OfRule> cr in Rules.GetRules(version))
        {
            OfRule rule = cr.Payload;
            if (rule.IdleTimeout == 0 && rule.HardTimeout == 0)
            {
                continue;
            }

            string key = GroupKey(rule);
            if (!groups.TryGetValue(key, out List<OfRule>? members))
            {
                members = [];
                groups.Add(key, members);
                order.Add(key);
            }

            members.Add(rule);
        }

        List<OfRule>? largest = null;
        foreach (string key in order)
        {
            if (largest is null || groups[key].Count > largest.Count)
            {
                largest = groups[key];
            }
        }

        if (largest is null)
        {
            return null;
        }

        OfRule victim = largest[0];
        foreach (OfRule rule in largest)
        {
            if (EvictionRank(rule, bootMs) < EvictionRank(victim, bootMs))
            {
                victim = rule;
            }
        }

        return victim;
    }

    /// <summary>
    /// rule_eviction_priority() inverted: smaller is evicted first. Importance dominates; then the time the rule
    /// would expire, in units of 1024 ms since boot.
    /// </summary>
    private static ulong EvictionRank(OfRule rule, long bootMs)
    {
        long expiration = long.MaxValue;
        if (rule.HardTimeout != 0)
        {
            expiration = rule.ModifiedMs + (rule.HardTimeout * 1000L);
        }

        if (rule.IdleTimeout != 0)
        {
            expiration = Math.Min(expiration, rule.UsedMs + (rule.IdleTimeout * 1000L));
        }

        uint offset = (uint)((expiration >> 10) - (bootMs >> 10));
        return ((ulong)rule.Importance << 32) + offset;
    }

    /// <summary>The values of the eviction fields in the rule's match (zero where a field's prerequisites fail).</summary>
    private string GroupKey(OfRule rule)
    {
        if (EvictionFields.Count == 0)
        {
            return string.Empty;
        }

        var key = new System.Text.StringBuilder();
        foreach (Subfield sf in EvictionFields)
        {
            var value = new byte[sf.Field.Size];
            if (Prerequisites.AreMet(rule.Match, sf.Field))
            {
                FieldAccess.GetValue(rule.Match, sf.Field, value);
                KeepBits(value, sf.Offset, sf.Bits);
            }

            key.Append(Convert.ToHexString(value)).Append('/');
        }

        return key.ToString();
    }

    /// <summary>Zeroes every bit of the big-endian value outside [offset, offset + bits) counted from the LSB.</summary>
    private static void KeepBits(Span<byte> value, int offset, int bits)
    {
        int total = value.Length * 8;
        for (int bit = 0; bit < total; bit++)
        {
            if (bit < offset || bit >= offset + bits)
            {
                value[value.Length - 1 - (bit / 8)] &= (byte)~(1 << (bit % 8));
            }
        }
    }
}
