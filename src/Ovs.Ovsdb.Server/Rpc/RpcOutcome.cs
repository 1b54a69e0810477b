// Upstream: ovsdb/jsonrpc-server.c, the reply-or-not results of the request handlers (OVS 3.1)
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Rpc;

internal enum RpcOutcomeKind
{
    /// <summary>Send a reply with <see cref="RpcOutcome.Value"/> as "result".</summary>
    Reply,

    /// <summary>Send an error reply with <see cref="RpcOutcome.Value"/> as "error".</summary>
    Error,

    /// <summary>The request finishes later (a blocked "wait", a durable commit) or was answered already.</summary>
    Deferred,
}

/// <summary>What a method handler decided to answer.</summary>
internal readonly record struct RpcOutcome(RpcOutcomeKind Kind, JsonValue? Value)
{
    public static RpcOutcome Deferred => new(RpcOutcomeKind.Deferred, null);

    public static RpcOutcome Reply(JsonValue result) => new(RpcOutcomeKind.Reply, result);

    public static RpcOutcome Error(JsonValue error) => new(RpcOutcomeKind.Error, error);

    public static RpcOutcome Error(OvsdbError error) => new(RpcOutcomeKind.Error, error.ToJson());
}
