// Upstream: ovsdb/raft.c, the cluster/* unixctl commands (OVS 3.1); ovsdb-server(1) "CLUSTER COMMANDS"
//
// The commands that act on a clustered database, found by the database's name. Upstream registers them once a
// clustered database has been opened; here they are registered with the others and answer "unknown cluster" for
// any name that is not a served clustered database, as upstream's do. Texts are Raft's (see Raft.Commands).
using Ovs.Ovsdb.Engine.Raft;
using Ovs.Transport.Unixctl;

namespace Ovs.Ovsdb.Server.Unixctl;

internal sealed partial class ServerCommands
{
    private (string Name, string Usage, int Min, int Max, UnixctlHandler Handler)[] ClusterTable =>
    [
        ("cluster/cid", "DB", 1, 1, ClusterId),
        ("cluster/sid", "DB", 1, 1, ServerIdCommand),
        ("cluster/status", "DB", 1, 1, (c, a) => WithRaft(c, a[0], r => RaftReply.Ok(r.Status()))),
        ("cluster/leave", "DB", 1, 1, (c, a) => WithRaft(c, a[0], r => r.Leave())),
        ("cluster/kick", "DB SERVER", 2, 2, (c, a) => WithRaft(c, a[0], r => r.Kick(a[1]))),
        ("cluster/change-election-timer", "DB TIME", 2, 2, (c, a) => WithRaft(c, a[0], r => r.ChangeElectionTimer(a[1]))),
        ("cluster/set-backlog-threshold", "DB N_MSGS N_BYTES", 3, 3, (c, a) => WithRaft(c, a[0], r => r.SetBacklogThreshold(a[1], a[2]))),
        ("cluster/failure-test", "FAILURE SCENARIO", 1, 1, (c, a) => Send(c, RaftFailureTest.Set(a[0]))),
    ];

    private Raft? FindRaft(string name) => _server.FindDatabase(name)?.Clustered?.Raft;

    private void ClusterId(UnixctlConnection connection, string[] args)
    {
        Raft? raft = FindRaft(args[0]);
        if (raft is null)
        {
            connection.ReplyError("unknown cluster");
        }
        else if (raft.ClusterId == Guid.Empty)
        {
            connection.ReplyError("cluster id not yet known");
        }
        else
        {
            connection.Reply(raft.ClusterId.ToString("D"));
        }
    }

    private void ServerIdCommand(UnixctlConnection connection, string[] args)
    {
        if (FindRaft(args[0]) is not { } raft)
        {
            connection.ReplyError("unknown cluster");
            return;
        }

        connection.Reply(raft.ServerId.ToString("D"));
    }

    private void WithRaft(UnixctlConnection connection, string name, Func<Raft, RaftReply> command)
    {
        if (FindRaft(name) is not { } raft)
        {
            connection.ReplyError("unknown cluster");
            return;
        }

        RaftReply reply = command(raft);

        // A command may have changed what _Server reports (leader, connected) or committed an entry.
        _server.OnClusterChanged(_server.FindDatabase(name)!);
        Send(connection, reply);
    }

    private static void Send(UnixctlConnection connection, RaftReply reply)
    {
        if (reply.IsError)
        {
            connection.ReplyError(reply.Text!);
        }
        else
        {
            connection.Reply(reply.Text);
        }
    }
}
