// Upstream: query_tables() of ofproto/ofproto.c with oxm_matchable_fields(), oxm_maskable_fields() and
// oxm_writable_fields() of lib/meta-flow.c, and ofproto-dpif.c's query_tables() (OVS 3.1)
//
// What the switch tells controllers about its tables (OFPST_TABLE, OFPST_TABLE_FEATURES). Every visible table can
// match every field that has an OXM or NXM header (masking those that are maskable), set every writable one, and
// run every action and instruction; goto_table may reach any later visible table, so the last one has no goto_table.
// A table holds at most 1,000,000 flows unless its Flow_Table row sets a lower limit, and carries the row's name.
using Ovs.Flow.Fields;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class FlowTables
{
    private const uint DefaultMaxEntries = 1_000_000;

    private static readonly Lazy<(Bitmap256 Match, Bitmap256 Mask, Bitmap256 Writable)> s_fieldBitmaps = new(FieldBitmaps);

    /// <summary>Whether a controller sees table id (every table but the internal one).</summary>
    public static bool IsVisible(byte id) => id < Count && id != InternalTable;

    /// <summary>The features of table id as query_tables() reports them.</summary>
    public TableFeatures Features(byte id)
    {
        OfTable table = _tables[id];
        (Bitmap256 match, Bitmap256 mask, Bitmap256 writable) = s_fieldBitmaps.Value;
        var next = default(Bitmap256);
        for (int j = id + 1; j < Count; j++)
        {
            if (IsVisible((byte)j))
            {
                next.Set(j);
            }
        }

        uint instructions = (1u << ((int)TableInstruction.GotoTable + 1)) - 1;
        if (next.IsEmpty)
        {
            instructions &= ~(1u << (int)TableInstruction.GotoTable);
        }

        var actions = new TableActionFeatures { Actions = (1UL << ((int)OfpActKind.GotoTable + 1)) - 1, SetFields = writable };
        var nonmiss = new TableInstructionFeatures { Next = next, Instructions = instructions, Write = actions, Apply = actions };
        TableFeatures features = TableFeatures.Empty(id);
        features.Name = table.Name ?? string.Empty;
        features.MetadataMatch = ulong.MaxValue;
        features.MetadataWrite = ulong.MaxValue;
        features.MissConfig = table.MissConfig;
        features.MaxEntries = Math.Min(DefaultMaxEntries, table.MaxFlows);
        features.SupportsEviction = 0;
        features.SupportsVacancyEvents = 0;
        features.AnyProperties = true;
        features.Nonmiss = nonmiss;
        features.Miss = nonmiss;
        features.Match = match;
        features.Mask = mask;
        features.Wildcard = match;
        return features;
    }

    /// <summary>The counters of table id: its rules, and the packets looked up in it and matched.</summary>
    public TableStats Stats(byte id)
    {
        OfTable table = _tables[id];
        return new TableStats(id, (uint)(table.FlowCount - table.HiddenCount), table.LookupCount, table.MatchedCount);
    }

    private static (Bitmap256, Bitmap256, Bitmap256) FieldBitmaps()
    {
        Bitmap256 match = default, mask = default, writable = default;
        foreach (FieldInfo field in FieldTable.All)
        {
            if (field.Headers.Length == 0)
            {
                continue;
            }

            match.Set((int)field.Id);
            if (field.Maskable)
            {
                mask.Set((int)field.Id);
            }

            if (field.Writable)
            {
                writable.Set((int)field.Id);
            }
        }

        return (match, mask, writable);
    }
}
