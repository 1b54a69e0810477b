// Upstream: lib/unixctl.c, struct unixctl_conn and unixctl_command_reply() (OVS 3.1)
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Transport.JsonRpc;

namespace Ovs.Transport.Unixctl;

/// <summary>
/// The client connection a command came from. The handler answers exactly once, with <see cref="Reply"/> or
/// <see cref="ReplyError"/>, either before returning or later (a deferred reply); the server reads the
/// connection's next request only after that. Thread-safe.
/// </summary>
public sealed class UnixctlConnection
{
    private static readonly VlogModule s_log = VlogModule.Get("unixctl");

    private readonly JsonRpcConnection _rpc;
    private JsonValue? _requestId;
    private TaskCompletionSource? _replied;

    internal UnixctlConnection(JsonRpcConnection rpc)
    {
        _rpc = rpc;
    }

    /// <summary>The connection's name ("unix#3").</summary>
    public string Name => _rpc.Name;

    /// <summary>Replies with success (null as ""); a nonempty body gets a final newline if it lacks one, as upstream.</summary>
    public void Reply(string? body) => Send(success: true, body ?? string.Empty);

    /// <summary>Replies with an error; a newline is added if the text lacks one, as upstream does.</summary>
    public void ReplyError(string body) => Send(success: false, body);

    /// <summary>
    /// Completes once every reply sent so far has been written to the socket, the connection ended, or
    /// <paramref name="timeout"/> passed (a command that ends the process replies first, then waits on this).
    /// </summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _rpc.FlushAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Waited long enough: the caller goes ahead regardless.
        }
    }

    internal Task BeginRequest(JsonValue id)
    {
        var replied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _requestId, id);
        Volatile.Write(ref _replied, replied);
        return replied.Task;
    }

    private static string WithNewline(string body) => body.Length == 0 || body.EndsWith('\n') ? body : body + "\n";

    private void Send(bool success, string body)
    {
        JsonValue? id = Interlocked.Exchange(ref _requestId, null);
        if (id is null)
        {
            // No request is pending: a second reply, or one after the connection went away.
            return;
        }

        string idText = id.ToString();
        if (success)
        {
            s_log.Dbg($"replying with success, id={idText}: \"{body}\"");
            _rpc.Send(JsonRpcMessage.CreateReply(WithNewline(body), id));
        }
        else
        {
            s_log.Dbg($"replying with error, id={idText}: \"{body}\"");
            _rpc.Send(JsonRpcMessage.CreateError(WithNewline(body), id));
        }

        _replied?.TrySetResult();
    }
}
