// Upstream: ovsdb/raft-private.c, raft_header_from_json() and raft_header_to_json(); format in ovsdb(5) (OVS 3.1)
//
// The first record of a clustered database file. It names the server (server_id, local_address) and the
// database, and then either describes a snapshot the log starts from (the "prev_*" members: the index and term of
// the last entry the snapshot covers, the cluster configuration at that point, and prev_data = [schema, data]) or,
// for a server that has only asked to join, the addresses of the servers it will contact (remote_addresses).
// cluster_id is absent until the cluster is known (a joining server learns it from the leader).
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Cluster;

internal sealed class RaftHeader
{
    public required Guid ServerId { get; init; }

    public required string Name { get; init; }

    public required string LocalAddress { get; init; }

    /// <summary>The cluster's ID; null for a server that joined but has not yet learned it.</summary>
    public Guid? ClusterId { get; init; }

    /// <summary>For a joining server, the servers to contact; empty when the header holds a snapshot.</summary>
    public IReadOnlyList<string> RemoteAddresses { get; init; } = [];

    /// <summary>The snapshot the log starts from, or null for a joining server.</summary>
    public RaftSnapshot? Snapshot { get; init; }

    public bool IsJoining => RemoteAddresses.Count > 0;

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            { "name", Name },
            { "local_address", LocalAddress },
            { "server_id", ServerId.ToString("D") },
        };
        if (ClusterId is Guid cid)
        {
            json.Add("cluster_id", cid.ToString("D"));
        }

        if (IsJoining)
        {
            json.Add("remote_addresses", new JsonArray(RemoteAddresses.Select(a => (JsonValue)new JsonString(a))));
        }

        Snapshot?.AddTo(json);
        return json;
    }

    /// <summary>Parses a header record; on failure returns upstream's description of the problem.</summary>
    public static string? TryParse(JsonObject json, out RaftHeader? header)
    {
        header = null;
        var reader = new RaftJsonReader(json);
        Guid? serverId = reader.Uuid("server_id", required: true);
        string? name = reader.String("name", required: true);
        string? local = reader.String("local_address", required: true);
        Guid? clusterId = reader.Uuid("cluster_id", required: false);
        List<string> remotes = [];
        RaftSnapshot? snapshot = null;
        if (json["remote_addresses"] is JsonArray array)
        {
            foreach (JsonValue item in array)
            {
                if (item is JsonString s)
                {
                    remotes.Add(s.Value);
                }
            }
        }
        else
        {
            snapshot = RaftSnapshot.Read(reader, "prev_");
        }

        if (reader.Error is not null)
        {
            return reader.Error;
        }

        header = new RaftHeader
        {
            ServerId = serverId!.Value,
            Name = name!,
            LocalAddress = local!,
            ClusterId = clusterId,
            RemoteAddresses = remotes,
            Snapshot = snapshot,
        };
        return null;
    }
}
