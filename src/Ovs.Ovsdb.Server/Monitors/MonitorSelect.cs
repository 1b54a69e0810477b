// Upstream: ovsdb/monitor.h, enum ovsdb_monitor_selection (OVS 3.1)
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>The <c>&lt;monitor-select&gt;</c> flags of RFC 7047 section 4.1.5; each defaults to true.</summary>
[Flags]
internal enum MonitorSelect
{
    None = 0,
    Initial = 1,
    Insert = 2,
    Delete = 4,
    Modify = 8,
    All = Initial | Insert | Delete | Modify,
}

/// <summary>Parses a <c>&lt;monitor-select&gt;</c> object.</summary>
internal static class MonitorSelectParser
{
    private static readonly (string Name, MonitorSelect Flag)[] s_members =
    [
        ("initial", MonitorSelect.Initial),
        ("insert", MonitorSelect.Insert),
        ("delete", MonitorSelect.Delete),
        ("modify", MonitorSelect.Modify),
    ];

    /// <summary>
    /// Parses <paramref name="json"/> (or the default, all flags, when it is null). Errors read
    /// "Parsing table T select failed: ..." as upstream's.
    /// </summary>
    public static OvsdbError? Parse(JsonValue? json, string tableName, out MonitorSelect select)
    {
        select = MonitorSelect.All;
        if (json is null)
        {
            return null;
        }

        var members = new MemberChecker(json, $"table {tableName} select");
        foreach ((string name, MonitorSelect flag) in s_members)
        {
            JsonValue? value = members.Optional(name, JsonType.True, JsonType.False);
            if (value is not null && !value.AsBoolean())
            {
                select &= ~flag;
            }
        }

        return members.Finish();
    }
}
