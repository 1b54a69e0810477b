// Upstream: lib/unixctl.c, unixctl_client_create() and unixctl_client_transact() (OVS 3.1)
//
// Runs one command against a daemon's control socket: connect, send {"id":0,"method":CMD,"params":[ARGS]}, wait
// for the reply. Failures are values: an errno for connection problems or a malformed reply (EINVAL, after
// upstream's warning), or the daemon's error text when the command itself failed.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Transport.JsonRpc;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Unixctl;

/// <summary>
/// The outcome of a unixctl command: <see cref="Error"/> is an errno (0 if the exchange worked); then either
/// <see cref="Result"/> (success) or <see cref="ErrorText"/> (the command failed) is set.
/// </summary>
public readonly record struct UnixctlResult(int Error, string? Result, string? ErrorText);

/// <summary>A client for a daemon's control socket.</summary>
public static class UnixctlClient
{
    private static readonly VlogModule s_log = VlogModule.Get("unixctl");

    /// <summary>Connects to the socket at <paramref name="socketPath"/>; logs upstream's warning on failure.</summary>
    public static async ValueTask<StreamResult<JsonRpcConnection>> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        StreamResult<OvsStream> stream = await StreamFactory.OpenAsync("unix:" + socketPath, 0, cancellationToken).ConfigureAwait(false);
        if (stream.Value is null)
        {
            s_log.Warn($"failed to connect to {socketPath}");
            return StreamResult<JsonRpcConnection>.Fail(stream.Error);
        }

        return StreamResult<JsonRpcConnection>.Ok(new JsonRpcConnection(stream.Value));
    }

    /// <summary>Runs <paramref name="command"/> with <paramref name="args"/> over an open connection.</summary>
    public static async ValueTask<UnixctlResult> TransactAsync(JsonRpcConnection connection, string command, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var parameters = new JsonArray(args.Select(a => (JsonValue)JsonValue.String(a)));
        JsonRpcMessage request = JsonRpcMessage.CreateRequest(command, parameters);
        JsonRpcReceiveResult received = await connection.TransactAsync(request, cancellationToken).ConfigureAwait(false);
        if (received.Message is not { } reply)
        {
            s_log.Warn($"error communicating with {connection.Name}: {Errno.ToText(received.Error)}");
            return new UnixctlResult(received.Error, null, null);
        }

        if (reply.Type == JsonRpcMessageType.Error)
        {
            if (!reply.Error!.TryGetString(out string? errorText))
            {
                s_log.Warn($"{connection.Name}: unexpected error type in JSON RPC reply: {JsonValue.TypeName(reply.Error.Type)}");
                return new UnixctlResult(OvsErrno.EINVAL, null, null);
            }

            return new UnixctlResult(0, null, errorText);
        }

        if (!reply.Result!.TryGetString(out string? result))
        {
            s_log.Warn($"{connection.Name}: unexpected result type in JSON rpc reply: {JsonValue.TypeName(reply.Result.Type)}");
            return new UnixctlResult(OvsErrno.EINVAL, null, null);
        }

        return new UnixctlResult(0, result, null);
    }

    /// <summary>Connects, runs one command and disconnects.</summary>
    public static async ValueTask<UnixctlResult> RunAsync(string socketPath, string command, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        StreamResult<JsonRpcConnection> connected = await ConnectAsync(socketPath, cancellationToken).ConfigureAwait(false);
        if (connected.Value is not { } connection)
        {
            return new UnixctlResult(connected.Error, null, null);
        }

        await using (connection.ConfigureAwait(false))
        {
            return await TransactAsync(connection, command, args, cancellationToken).ConfigureAwait(false);
        }
    }
}
