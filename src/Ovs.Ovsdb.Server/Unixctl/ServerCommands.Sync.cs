// Upstream: ovsdb/ovsdb-server.c, the tlog and active-backup (replication) commands (OVS 3.1)
//
// The replication commands only translate between unixctl and Replication/ReplicationManager, which owns the
// role (active or backup) and the settings; texts and replies are Debian 3.1.0's.
using System.Globalization;
using System.Text;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Transport.Unixctl;

namespace Ovs.Ovsdb.Server.Unixctl;

internal sealed partial class ServerCommands
{
    private void TlogSet(UnixctlConnection connection, string[] args)
    {
        int colon = args[0].IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            connection.ReplyError("invalid DB:TABLE argument");
            return;
        }

        if (_server.FindDatabase(args[0][..colon]) is not { } db)
        {
            connection.ReplyError("no such database");
            return;
        }

        string table = args[0][(colon + 1)..];
        if (db.Database.GetTable(table) is null)
        {
            connection.ReplyError("no such table");
            return;
        }

        switch (args[1])
        {
            case "on":
                db.LoggedTables.Add(table);
                break;
            case "off":
                db.LoggedTables.Remove(table);
                break;
            default:
                connection.ReplyError("invalid command argument");
                return;
        }

        connection.Reply(null);
    }

    private void TlogList(UnixctlConnection connection, string[] args)
    {
        var sb = new StringBuilder();
        sb.Append(Format("{0,-16}{1,-28}{2}\n", "database", "table", "logging"));
        sb.Append(Format("{0,-16}{1,-28}{2}\n", "--------", "-----", "-------"));
        foreach (ServedDatabase db in _server.Databases)
        {
            sb.Append(Format("{0,-16} \n", db.Name));
            foreach (string table in db.Database.Tables.Select(t => t.Name).Order(StringComparer.Ordinal))
            {
                sb.Append(Format("{0,-16}{1,-28}{2}\n", "", table, db.LoggedTables.Contains(table) ? "ON" : "OFF"));
            }
        }

        connection.Reply(sb.ToString());
    }

    private void SetActive(UnixctlConnection connection, string[] args)
    {
        _sync.SetActiveServer(args[0]);
        connection.Reply(null);
    }

    private void GetActive(UnixctlConnection connection, string[] args) =>
        connection.Reply(_sync.ActiveServer is { } active ? active + "\n" : null);

    private void ConnectActive(UnixctlConnection connection, string[] args) =>
        connection.Reply(_sync.Connect() ? null : "Unable to connect: active server is not specified.\n");

    private void DisconnectActive(UnixctlConnection connection, string[] args)
    {
        _sync.Disconnect();
        connection.Reply(null);
    }

    private void SetProbeInterval(UnixctlConnection connection, string[] args)
    {
        if (!int.TryParse(args[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int ms))
        {
            connection.Reply("Invalid probe interval, integer value expected\n");
            return;
        }

        _sync.SetProbeInterval(ms);
        connection.Reply(null);
    }

    private void SetSyncExclude(UnixctlConnection connection, string[] args)
    {
        _sync.SetExcludedTables(args[0]);
        connection.Reply(null);
    }

    private void GetSyncExclude(UnixctlConnection connection, string[] args) =>
        connection.Reply(_sync.ExcludeTablesText is { Length: > 0 } tables ? tables + "\n" : null);

    private void SyncStatus(UnixctlConnection connection, string[] args) => connection.Reply(_sync.Status());
}
