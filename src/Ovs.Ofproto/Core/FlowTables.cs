// Upstream: struct oftable and the ofproto's array of tables (ofproto/ofproto-provider.h, ofproto.c), the lookup
// side of ofproto-dpif.c (rule_dpif_lookup_in_table()) and the expiry of ofproto-dpif.c's run() (OVS 3.1)
//
// The OpenFlow tables of one switch. Translation (upcalls, ofproto/trace, packet-out) looks rules up through
// IXlateTables; flow_mods change them (FlowTables.FlowMod.cs); statistics requests read them.
// A new switch has 255 empty tables whose miss behaviour is the default; the last one (254) is hidden and
// read-only, as ofproto-dpif's internal table, so controllers see 254.
//
// Versions. Each change is made in the classifier's next version (new rules inserted with it, replaced and deleted
// ones made invisible from it) and then published by moving the version lookups use: a lookup sees either all of a
// flow_mod or none of it. Rules that left are then removed from the classifier.
// Threading: the main loop changes the tables; any thread may call Lookup.
using Ovs.Classifier;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class FlowTables : IXlateTables, IXlateStatsTarget
{
    /// <summary>ofproto-dpif's table count.</summary>
    public const int Count = 255;

    /// <summary>ofproto-dpif's internal table (TBL_INTERNAL): hidden from controllers and read-only.</summary>
    public const byte InternalTable = 254;

    private readonly OfTable[] _tables = new OfTable[Count];
    private readonly TimeProvider _time;
    private readonly long _bootMs;
    private ulong _version;

    public FlowTables(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _bootMs = NowMs;
        for (int i = 0; i < Count; i++)
        {
            _tables[i] = new OfTable((byte)i);
        }
    }

    public int TableCount => Count;

    /// <summary>Whether some controller wants packet-ins on a miss; the connection manager keeps it up to date.</summary>
    public bool WantsPacketInOnMiss { get; set; }

    /// <summary>Whether a group exists, for group actions and out_group; no groups unless a group table says so.</summary>
    public Func<uint, bool> GroupExists { get; set; } = static _ => false;

    /// <summary>Called for each rule with send_flow_rem that leaves a table, after it left (FLOW_REMOVED).</summary>
    public Action<OfRule>? RuleRemoved { get; set; }

    /// <summary>
    /// Called after every published change (translations made before it are stale: the datapath's flows must be
    /// translated again).
    /// </summary>
    public Action? Changed { get; set; }

    /// <summary>Called for every rule that becomes part of a table, once its change is published.</summary>
    public Action<OfRule>? RuleAdded { get; set; }

    /// <summary>Called for every rule that leaves a table (replaced, deleted, expired, evicted), after it left.</summary>
    public Action<OfRule>? RuleGone { get; set; }

    /// <summary>The monotonic clock in milliseconds, as upstream's time_msec().</summary>
    public long NowMs => _time.GetTimestamp() * 1000 / _time.TimestampFrequency;

    /// <summary>The version lookups use now.</summary>
    public ulong Version => Volatile.Read(ref _version);

    public OfTable this[byte id] => _tables[id];

    /// <summary>Number of rules over all tables.</summary>
    public int RuleCount
    {
        get
        {
            int n = 0;
            foreach (OfTable table in _tables)
            {
                n += table.FlowCount;
            }

            return n;
        }
    }

    public XlateRule? Lookup(byte table, in FlowData flow, ref FlowWildcards wildcards)
    {
        if (table >= Count)
        {
            return null;
        }

        ClassifierRule<OfRule>? rule = _tables[table].Rules.Lookup(Version, in flow, ref wildcards);
        return rule?.Payload.Xlate;
    }

    /// <summary>The rule translation would find (for statistics), or null.</summary>
    public OfRule? LookupRule(byte table, in FlowData flow) =>
        table < Count ? _tables[table].Rules.Lookup(Version, in flow)?.Payload : null;

    /// <summary>Lookups are counted on the tables themselves (upstream's n_matched and n_missed).</summary>
    IXlateStatsTarget IXlateTables.Stats => this;

    void IXlateStatsTarget.Credit(int index, in XlateStats stats)
    {
        byte table = XlateTableStats.Table(index);
        if (table < Count)
        {
            _tables[table].CountLookups(stats.Packets, XlateTableStats.Matched(index));
        }
    }

    public TableMissConfig MissConfig(byte table) => table < Count ? _tables[table].MissConfig : TableMissConfig.Default;

    /// <summary>Every rule visible now in table (or every table for 255) but hidden ones, highest priority first.</summary>
    public IEnumerable<OfRule> Rules(byte tableId = FlowMod.TableAll)
    {
        foreach (OfTable table in _tables)
        {
            if (tableId != FlowMod.TableAll && table.Id != tableId)
            {
                continue;
            }

            foreach (ClassifierRule<OfRule> rule in table.Rules.GetRules(ClassifierVersion.Max))
            {
                if (!rule.Payload.IsHidden)
                {
                    yield return rule.Payload;
                }
            }
        }
    }

    /// <summary>
    /// Removes the rules whose hard or idle timeout has passed (run once a second from the main loop), reporting
    /// each as removed for that reason.
    /// </summary>
    public void Expire()
    {
        long now = NowMs;
        var expired = new List<OfRule>();
        foreach (OfTable table in _tables)
        {
            if (table.FlowCount == 0)
            {
                continue;
            }

            foreach (ClassifierRule<OfRule> cr in table.Rules.GetRules(ClassifierVersion.Max))
            {
                OfRule rule = cr.Payload;
                if (rule.HardTimeout != 0 && now > rule.ModifiedMs + (rule.HardTimeout * 1000L))
                {
                    rule.RemovedReason = RuleRemovedReason.HardTimeout;
                    expired.Add(rule);
                }
                else if (rule.IdleTimeout != 0 && now > rule.UsedMs + (rule.IdleTimeout * 1000L))
                {
                    rule.RemovedReason = RuleRemovedReason.IdleTimeout;
                    expired.Add(rule);
                }
            }
        }

        if (expired.Count > 0)
        {
            RemoveRules(expired);
        }

        EvictOverflow();
    }

    /// <summary>Deletes every rule of every visible table (ofproto_flush__), as OFPRR_DELETE.</summary>
    public void Flush()
    {
        var all = new List<OfRule>();
        foreach (OfTable table in _tables)
        {
            if (table.Id == InternalTable)
            {
                continue;
            }

            foreach (ClassifierRule<OfRule> cr in table.Rules.GetRules(ClassifierVersion.Max))
            {
                cr.Payload.RemovedReason = RuleRemovedReason.Delete;
                all.Add(cr.Payload);
            }
        }

        RemoveRules(all);
    }

    /// <summary>
    /// Deletes every rule whose actions refer to group <paramref name="groupId"/>, as OFPRR_GROUP_DELETE (what
    /// upstream does when the group goes).
    /// </summary>
    public void DeleteRulesOfGroup(uint groupId)
    {
        var doomed = new List<OfRule>();
        foreach (OfTable table in _tables)
        {
            foreach (ClassifierRule<OfRule> cr in table.Rules.GetRules(ClassifierVersion.Max))
            {
                if (OfRule.Groups(cr.Payload.Actions).Contains(groupId))
                {
                    cr.Payload.RemovedReason = RuleRemovedReason.GroupDelete;
                    doomed.Add(cr.Payload);
                }
            }
        }

        if (doomed.Count > 0)
        {
            RemoveRules(doomed);
        }
    }

    /// <summary>
    /// Evicts rules from tables that hold more than their limit allows (after the limit shrank), as upstream's
    /// ofproto_run() does for tables with eviction on.
    /// </summary>
    public void EvictOverflow()
    {
        foreach (OfTable table in _tables)
        {
            var victims = new List<OfRule>();
            while (table.Evicts && table.FlowCount - victims.Count > table.MaxFlows)
            {
                OfRule? victim = ChooseVictimExcluding(table, victims);
                if (victim is null)
                {
                    break;
                }

                victim.RemovedReason = RuleRemovedReason.Eviction;
                victims.Add(victim);
            }

            if (victims.Count > 0)
            {
                RemoveRules(victims);
            }
        }
    }

    private OfRule? ChooseVictimExcluding(OfTable table, List<OfRule> chosen)
    {
        // Make the chosen ones invisible in a version no lookup uses yet, so the next choice skips them.
        ulong probe = Version + 1;
        foreach (OfRule rule in chosen)
        {
            rule.Node?.MakeInvisibleInVersion(probe);
        }

        OfRule? victim = table.ChooseVictim(probe, _bootMs);
        foreach (OfRule rule in chosen)
        {
            rule.Node?.RestoreVisibility();
        }

        return victim;
    }

    /// <summary>Takes rules out of their tables at once (one version), then reports those that asked for it.</summary>
    private void RemoveRules(List<OfRule> rules)
    {
        ulong next = Version + 1;
        var removed = new List<ClassifierRule<OfRule>>();
        foreach (OfRule rule in rules)
        {
            ClassifierRule<OfRule>? cr = rule.Node;
            if (cr is null || !cr.IsVisibleIn(ClassifierVersion.Max))
            {
                continue;
            }

            cr.MakeInvisibleInVersion(next);
            _tables[rule.TableId].FlowCount--;
            _tables[rule.TableId].HiddenCount -= rule.IsHidden ? 1 : 0;
            removed.Add(cr);
        }

        Publish(next);
        foreach (ClassifierRule<OfRule> cr in removed)
        {
            ReportToMonitors(cr.Payload, FlowUpdateEvent.Removed, cr.Payload.RemovedReason, null);
            _tables[cr.Payload.TableId].Rules.Remove(cr);
            ReportRemoved(cr.Payload);
            CheckVacancy(cr.Payload.TableId);
        }

        Monitor?.Flush();
    }

    private void ReportRemoved(OfRule rule)
    {
        RuleGone?.Invoke(rule);
        if ((rule.Flags & OfpFlowModFlags.SendFlowRem) != 0 && rule.RemovedReason != RuleRemovedReason.None)
        {
            RuleRemoved?.Invoke(rule);
        }
    }

    private void Publish(ulong version)
    {
        Volatile.Write(ref _version, version);
        Changed?.Invoke();
    }
}
