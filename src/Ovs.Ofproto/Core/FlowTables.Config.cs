// Upstream: table_mod() and table_mod__() of ofproto/ofproto.c, and ofproto_configure_table() with
// oftable_set_name() and oftable_configure_eviction() (OVS 3.1)
//
// Table configuration from the two places that set it: OFPT_TABLE_MOD (miss behaviour, eviction and vacancy events)
// and the database's Flow_Table rows (name, flow limit, overflow policy, fairness groups, prefix fields). A table
// whose limit shrinks below its rule count evicts down to the limit when it may evict.
using Ovs.Flow.Fields;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

/// <summary>One table's Flow_Table row as ofproto reads it (upstream's struct ofproto_table_settings).</summary>
internal sealed record TableSettings(string? Name, uint MaxFlows, bool Evict, IReadOnlyList<Subfield> Groups, IReadOnlyList<FieldId>? Prefixes)
{
    /// <summary>A table with no Flow_Table row.</summary>
    public static TableSettings Default { get; } = new(null, uint.MaxValue, false, [], null);
}

internal sealed partial class FlowTables
{
    /// <summary>table_mod(): applies an OFPT_TABLE_MOD. Table 255 changes every table but the internal one.</summary>
    public OfpError ApplyTableMod(TableMod mod)
    {
        if (mod.TableId != FlowMod.TableAll && mod.TableId >= Count)
        {
            return OfpError.OfptmfcBadTable;
        }

        if (mod.TableId == FlowMod.TableAll)
        {
            foreach (OfTable table in _tables)
            {
                if (table.Id != InternalTable)
                {
                    ApplyTableMod(table, mod);
                }
            }
        }
        else if (mod.TableId == InternalTable)
        {
            return OfpError.OfptmfcEperm;
        }
        else
        {
            ApplyTableMod(_tables[mod.TableId], mod);
        }

        return OfpError.None;
    }

    /// <summary>
    /// ofproto_configure_table(): applies table id's Flow_Table settings. Call EvictOverflow once the tables are
    /// configured, so a smaller limit takes effect.
    /// </summary>
    public void Configure(byte id, TableSettings settings)
    {
        OfTable table = _tables[id];
        table.Name = settings.Name;
        table.MaxFlows = settings.MaxFlows;
        table.EvictByConfig = settings.Evict;
        table.EvictionFields = settings.Groups;
        FieldId[] prefixes = settings.Prefixes is null ? Classifier.Classifier.DefaultPrefixFields.ToArray() : [.. settings.Prefixes];
        table.Rules.SetPrefixFields(prefixes);
    }

    private static void ApplyTableMod(OfTable table, TableMod mod)
    {
        if (mod.Miss != TableMissConfig.Default)
        {
            table.MissConfig = mod.Miss;
        }

        if (mod.Eviction != TableSetting.Default)
        {
            table.EvictByTableMod = mod.Eviction == TableSetting.On;
        }

        if (mod.Vacancy != TableSetting.Default)
        {
            ConfigureVacancy(table, mod);
        }
    }
}
