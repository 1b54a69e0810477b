// Upstream: ovsdb/monitor.h, enum ovsdb_monitor_version (OVS 3.1)
namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>
/// Which request created a monitor, which decides the notification it receives and the row-update format:
/// <c>monitor</c> gets "update" with {"old","new"} rows (RFC 7047 4.1.6); <c>monitor_cond</c> gets "update2" and
/// <c>monitor_cond_since</c> "update3", both with {"initial"|"insert"|"delete"|"modify"} rows (ovsdb-server(7)).
/// </summary>
internal enum MonitorProtocol
{
    V1,
    V2,
    V3,
}

internal static class MonitorProtocols
{
    /// <summary>True if rows use the update2 format (monitor_cond and monitor_cond_since).</summary>
    public static bool UsesUpdate2Rows(this MonitorProtocol protocol) => protocol != MonitorProtocol.V1;

    /// <summary>True if the request may carry "where" conditions.</summary>
    public static bool IsConditional(this MonitorProtocol protocol) => protocol != MonitorProtocol.V1;

    public static string NotificationMethod(this MonitorProtocol protocol) => protocol switch
    {
        MonitorProtocol.V1 => "update",
        MonitorProtocol.V2 => "update2",
        _ => "update3",
    };
}
