// Upstream: ovsdb/raft.c, raft_create_cluster(), raft_join_cluster() and raft_read_metadata() (OVS 3.1)
//
// Offline access to clustered database files, for ovsdb-tool: creating a one-server cluster from a schema (and
// optionally initial data), creating the file of a server that will join a cluster, and reading a file back as its
// header plus the records that follow. Nothing here talks to other servers. A new cluster's file is one header
// record whose snapshot is entry 1 of term 1, holding [schema, data] and the single server; an election timer
// other than the default adds an entry at index 2 that sets it, as upstream writes it.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Ovsdb.Engine.Cluster;

internal sealed class ClusterFile
{
    private ClusterFile(RaftHeader header, List<RaftRecord> records, StorageError? tailError)
    {
        Header = header;
        Records = records;
        TailError = tailError;
    }

    public RaftHeader Header { get; }

    /// <summary>The records after the header, up to the first unreadable one.</summary>
    public IReadOnlyList<RaftRecord> Records { get; }

    /// <summary>Why reading stopped before the end of the file, or null.</summary>
    public StorageError? TailError { get; }

    /// <summary>
    /// Creates <paramref name="fileName"/> (which must not exist) as the only server of a new cluster.
    /// <paramref name="data"/> is the initial contents as a transaction record ({} for none).
    /// </summary>
    public static StorageError? Create(
        string fileName, JsonValue schema, JsonValue data, string localAddress, long electionTimer, Guid? serverId = null)
    {
        if (RaftAddress.Validate(localAddress) is string addressError)
        {
            return StorageError.Ovsdb(addressError);
        }

        Guid sid = serverId ?? Guid.NewGuid();
        string name = (schema as JsonObject)?["name"] is JsonString n ? n.Value : "";
        var header = new RaftHeader
        {
            ServerId = sid,
            Name = name,
            LocalAddress = localAddress,
            ClusterId = Guid.NewGuid(),
            Snapshot = new RaftSnapshot
            {
                Index = 1,
                Term = 1,
                Servers = [new(sid, localAddress)],
                Eid = Guid.NewGuid(),
                Schema = schema,
                Data = data,
            },
        };
        List<JsonObject> records = [header.ToJson()];
        if (electionTimer != 0)
        {
            records.Add(new RaftRecord { Term = 1, Index = 2, ElectionTimer = electionTimer }.ToJson());
        }

        return WriteNew(fileName, records);
    }

    /// <summary>Creates the file of a server that will join the cluster reachable at <paramref name="remotes"/>.</summary>
    public static StorageError? CreateJoining(
        string fileName, string name, string localAddress, IReadOnlyList<string> remotes, Guid? clusterId)
    {
        foreach (string address in remotes.Prepend(localAddress))
        {
            if (RaftAddress.Validate(address) is string addressError)
            {
                return StorageError.Ovsdb(addressError);
            }
        }

        if (remotes.Contains(localAddress, StringComparer.Ordinal))
        {
            return StorageError.Ovsdb("remote addresses cannot be the same as the local address");
        }

        var header = new RaftHeader
        {
            ServerId = Guid.NewGuid(),
            Name = name,
            LocalAddress = localAddress,
            ClusterId = clusterId,
            RemoteAddresses = [.. remotes.Distinct(StringComparer.Ordinal)],
        };
        return WriteNew(fileName, [header.ToJson()]);
    }

    /// <summary>Reads a clustered file. Fails if it is standalone or its header is unreadable.</summary>
    public static StorageError? Read(string fileName, out ClusterFile? file)
    {
        file = null;
        StorageError? error = LogFile.Open(fileName, LogHeader.ClusteredMagic, LogOpenMode.ReadOnly, locking: false, out LogFile? log);
        if (error is not null)
        {
            return error;
        }

        using LogFile reader = log!;
        error = reader.Read(out JsonObject? first);
        if (error is not null)
        {
            return error;
        }

        if (first is null)
        {
            return StorageError.Ovsdb($"{fileName}: log is empty");
        }

        if (RaftHeader.TryParse(first, out RaftHeader? header) is string headerError)
        {
            return new StorageError(StorageError.SyntaxErrorTag, headerError);
        }

        var records = new List<RaftRecord>();
        StorageError? tail = null;
        while (true)
        {
            tail = reader.Read(out JsonObject? json);
            if (tail is not null || json is null)
            {
                break;
            }

            if (RaftRecord.TryParse(json, out RaftRecord? record) is string recordError)
            {
                tail = new StorageError(StorageError.SyntaxErrorTag, recordError);
                break;
            }

            records.Add(record!);
        }

        file = new ClusterFile(header!, records, tail);
        return null;
    }

    private static StorageError? WriteNew(string fileName, List<JsonObject> records)
    {
        StorageError? error = LogFile.Open(fileName, LogHeader.ClusteredMagic, LogOpenMode.CreateExclusive, locking: true, out LogFile? log);
        if (error is not null)
        {
            return error;
        }

        using LogFile writer = log!;
        foreach (JsonObject record in records)
        {
            error = writer.Write(record, out _);
            if (error is not null)
            {
                return error;
            }
        }

        return writer.Commit();
    }
}
