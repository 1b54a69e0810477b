// Upstream: vswitchd/bridge.c, bridge_configure_tables() and the fail-mode part of bridge_configure_remotes()
// (OVS 3.1)
//
// The bridge's flow tables as the database configures them: each Flow_Table row of the flow_tables column sets a
// table's name, flow limit, overflow policy (evict or refuse), eviction fairness groups and prefix fields; tables
// without a row get the defaults. And the fail mode: a standalone bridge without controllers gets its NORMAL flow.
using Ovs.Common.Logging;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Core;

namespace Ovs.Vswitchd.Bridges;

internal sealed partial class OfprotoBridge
{
    private static readonly VlogRateLimit s_tableLimit = new(1, 5);

    private void ConfigureTables(BridgeConfig config)
    {
        _ofproto.ConfigureFailMode(config.FailMode != "secure", _ofproto.Connections?.HasControllers ?? config.ControllerCount > 0);
        for (int i = 0; i < FlowTables.Count; i++)
        {
            TableSettings settings = config.FlowTables.TryGetValue(i, out FlowTableConfig? row) ? Settings(i, row) : TableSettings.Default;
            _ofproto.Tables.Configure((byte)i, settings);
        }

        _ofproto.Tables.EvictOverflow();
    }

    private TableSettings Settings(int id, FlowTableConfig row)
    {
        var groups = new List<Subfield>();
        foreach (string text in row.Groups)
        {
            string? error = Subfield.TryParse(text, out Subfield subfield);
            if (error is not null)
            {
                s_log.Warn(s_tableLimit, $"bridge {Name} table {id}: error parsing 'groups' ({error})");
                continue;
            }

            groups.Add(subfield);
        }

        List<FieldId>? prefixes = null;
        if (row.Prefixes is not null)
        {
            prefixes = [];
            foreach (string name in row.Prefixes)
            {
                if (name == "none")
                {
                    prefixes.Clear();
                    break;
                }

                FieldInfo? field = FieldTable.FromName(name);
                if (field is null)
                {
                    s_log.Warn($"bridge {Name}: 'prefixes' with unknown field: {name}");
                }
                else if (field.Bits % 32 != 0 || field.Bits > 128)
                {
                    s_log.Warn($"bridge {Name}: 'prefixes' with incompatible field: {name}");
                }
                else if (prefixes.Count >= Classifier.Classifier.MaxPrefixFields)
                {
                    s_log.Warn($"bridge {Name}: 'prefixes' with too many fields, field not used: {name}");
                }
                else
                {
                    prefixes.Add(field.Id);
                }
            }

            string list = prefixes.Count == 0 ? "none" : string.Join(',', prefixes.Select(static f => FieldTable.Get(f).Name));
            s_log.Info($"bridge {Name} table {id}: Prefix lookup with: {list}.");
        }

        uint max = row.FlowLimit is long limit && limit < uint.MaxValue ? (uint)limit : uint.MaxValue;
        return new TableSettings(row.Name, max, row.OverflowPolicy == "evict", groups, prefixes);
    }
}
