// Upstream: vswitchd/bridge.c, the ovsrec_interface_set_*() calls of iface_create(), iface_refresh_netdev_status(),
// iface_refresh_stats() and iface_clear_db_record(), and the Bridge datapath_id/datapath_version write-back (OVS 3.1)
//
// Turns InterfaceStatus and BridgeStatus values into column writes. A created interface gets its ofport, an empty
// error and the device's state; a failed one gets ofport -1, its error (or none) and empty device columns. Every
// write is skipped when the column already holds the value, so a steady state commits nothing.
using Ovs.Ofproto.Connmgr;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;
using Ovs.Vswitchd.Bridges;

namespace Ovs.Vswitchd.Database;

internal static class StatusWriter
{
    private static readonly string[] s_clearedOnFailure =
        ["status", "admin_state", "duplex", "link_speed", "link_state", "mac_in_use", "mtu", "statistics", "ifindex"];

    public static void WriteInterface(IdlTransaction txn, IdlRow row, InterfaceStatus status)
    {
        SwitchDatabase.Set(txn, row, "ofport", Datum.Scalar(Atom.Integer(status.Ofport)));
        SwitchDatabase.Set(txn, row, "error", Optional(status.Error));
        if (status.IsFailed)
        {
            foreach (string column in s_clearedOnFailure)
            {
                ColumnSchema schema = row.Table.Schema.GetColumn(column)!;
                SwitchDatabase.Set(txn, row, column, Datum.Empty(schema.Type));
            }

            return;
        }

        if (status.State is not { } state)
        {
            return;
        }

        SwitchDatabase.Set(txn, row, "admin_state", Optional(state.AdminState));
        SwitchDatabase.Set(txn, row, "link_state", Optional(state.LinkState));
        SwitchDatabase.Set(txn, row, "link_resets", Optional(state.LinkResets));
        SwitchDatabase.Set(txn, row, "link_speed", Optional(state.LinkSpeed));
        SwitchDatabase.Set(txn, row, "duplex", Optional(state.Duplex));
        SwitchDatabase.Set(txn, row, "mtu", Optional(state.Mtu));
        SwitchDatabase.Set(txn, row, "mac_in_use", Optional(state.MacInUse));
        SwitchDatabase.Set(txn, row, "ifindex", Optional(state.IfIndex));
        SwitchDatabase.Set(txn, row, "status", Datum.CreateMap(state.Status.Select(p => KeyValuePair.Create(Atom.String(p.Key), Atom.String(p.Value)))));
        SwitchDatabase.Set(txn, row, "statistics", Datum.CreateMap(state.Statistics.Select(p => KeyValuePair.Create(Atom.String(p.Key), Atom.Integer(p.Value)))));
    }

    public static void WriteBridges(OvsdbIdl idl, IdlTransaction txn, IReadOnlyList<BridgeStatus> bridges)
    {
        if (idl.GetTable("Bridge") is not { } table)
        {
            return;
        }

        foreach (BridgeStatus status in bridges)
        {
            if (table.Find(status.Uuid) is { } row)
            {
                SwitchDatabase.Set(txn, row, "datapath_id", Optional(status.DatapathId));
                SwitchDatabase.Set(txn, row, "datapath_version", Datum.Scalar(Atom.String(status.DatapathVersion)));
            }
        }
    }

    /// <summary>
    /// The Controller rows' is_connected, role and status columns; a row without a status (a passive target) gets
    /// false and empty columns.
    /// </summary>
    public static void WriteControllers(OvsdbIdl idl, IdlTransaction txn, IReadOnlyList<(Guid Controller, ControllerStatus? Status)> controllers)
    {
        if (idl.GetTable("Controller") is not { } table)
        {
            return;
        }

        foreach ((Guid uuid, ControllerStatus? status) in controllers)
        {
            if (table.Find(uuid) is not { } row)
            {
                continue;
            }

            SwitchDatabase.Set(txn, row, "is_connected", Datum.Scalar(Atom.Boolean(status?.IsConnected ?? false)));
            SwitchDatabase.Set(txn, row, "role", Optional(status?.Role));
            IEnumerable<KeyValuePair<string, string>> pairs = status?.Status ?? new Dictionary<string, string>();
            SwitchDatabase.Set(txn, row, "status", Datum.CreateMap(pairs.Select(p => KeyValuePair.Create(Atom.String(p.Key), Atom.String(p.Value)))));
        }
    }

    /// <summary>Each Mirror row's statistics column: tx_packets and tx_bytes, or empty when the mirror is not configured.</summary>
    public static void WriteMirrors(OvsdbIdl idl, IdlTransaction txn, IReadOnlyList<(Guid Mirror, (long Packets, long Bytes)? Statistics)> mirrors)
    {
        if (idl.GetTable("Mirror") is not { } table)
        {
            return;
        }

        foreach ((Guid uuid, (long Packets, long Bytes)? stats) in mirrors)
        {
            if (table.Find(uuid) is { } row)
            {
                KeyValuePair<Atom, Atom>[] pairs = stats is (long packets, long bytes)
                    ? [KeyValuePair.Create(Atom.String("tx_packets"), Atom.Integer(packets)), KeyValuePair.Create(Atom.String("tx_bytes"), Atom.Integer(bytes))]
                    : [];
                SwitchDatabase.Set(txn, row, "statistics", Datum.CreateMap(pairs));
            }
        }
    }

    private static Datum Optional(string? value) => value is null ? Datum.EmptySet : Datum.Scalar(Atom.String(value));

    private static Datum Optional(long? value) => value is long v ? Datum.Scalar(Atom.Integer(v)) : Datum.EmptySet;
}
