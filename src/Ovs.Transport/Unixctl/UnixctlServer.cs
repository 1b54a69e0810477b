// Upstream: lib/unixctl.c, unixctl_server_create() and unixctl_server_run() (OVS 3.1)
//
// The control socket of a daemon: punix:<OVS_RUNDIR>/<program>.<pid>.ctl by default. Each client speaks JSON-RPC
// and sends requests {"method":COMMAND,"params":[STRING...],"id":N}. Threading: accepting and reading run as async
// tasks; every command is handed to the owner's dispatcher (MainLoop.Post in a daemon) so handlers run on the
// main loop, one at a time. A connection's next request is read only after the current one has been answered,
// which is what makes deferred replies safe. Anything but a request is logged and closes the connection.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Transport.JsonRpc;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Unixctl;

/// <summary>A daemon's unixctl server.</summary>
public sealed class UnixctlServer : IAsyncDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("unixctl");
    private static readonly VlogRateLimit s_rateLimit = new(5, 5);
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(5);

    private readonly OvsListener _listener;
    private readonly UnixctlCommands _commands;
    private readonly Action<string, Action> _dispatch;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly Lock _lock = new();
    private Task? _acceptLoop;

    private UnixctlServer(OvsListener listener, UnixctlCommands commands, Action<string, Action> dispatch)
    {
        _listener = listener;
        _commands = commands;
        _dispatch = dispatch;
    }

    /// <summary>The socket file the server listens on.</summary>
    public string SocketPath => _listener.SocketPath!;

    /// <summary>
    /// The socket path for a --unixctl option value: null (no option) gives the default
    /// "OVS_RUNDIR/PROGRAM.PID.ctl"; "none" gives null (no server); a relative path is relative to OVS_RUNDIR.
    /// </summary>
    public static string? ResolvePath(string? option)
    {
        if (option is null)
        {
            return Path.Combine(OvsPaths.RunDir, $"{OvsProgram.Name}.{Environment.ProcessId}.ctl");
        }

        return option == "none" ? null : Path.Combine(OvsPaths.RunDir, option);
    }

    /// <summary>
    /// Listens on <paramref name="socketPath"/> and starts serving. Commands come from <paramref name="commands"/>
    /// and run through <paramref name="dispatch"/>. Returns the errno on failure.
    /// </summary>
    public static StreamResult<UnixctlServer> Start(string socketPath, UnixctlCommands commands, Action<Action> dispatch) =>
        Start(socketPath, commands, (_, action) => dispatch(action));

    /// <summary>
    /// Starts the server with commands run on <paramref name="mainLoop"/>, each posted as an outside event tagged
    /// with its connection's name and number, so --record and --replay reproduce when it ran.
    /// </summary>
    public static StreamResult<UnixctlServer> Start(string socketPath, UnixctlCommands commands, MainLoop mainLoop) =>
        Start(socketPath, commands, mainLoop.PostInput);

    public static StreamResult<UnixctlServer> Start(string socketPath, MainLoop mainLoop) =>
        Start(socketPath, UnixctlCommands.Default, mainLoop);

    private static StreamResult<UnixctlServer> Start(string socketPath, UnixctlCommands commands, Action<string, Action> dispatch)
    {
        StreamResult<OvsListener> listen = StreamFactory.Listen("punix:" + socketPath, 0);
        if (listen.Value is null)
        {
            return StreamResult<UnixctlServer>.Fail(listen.Error);
        }

        var server = new UnixctlServer(listen.Value, commands, dispatch);
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        return StreamResult<UnixctlServer>.Ok(server);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Task[] tasks;
        lock (_lock)
        {
            tasks = [.. _tasks];
        }

        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            StreamResult<OvsStream> accepted;
            try
            {
                accepted = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (accepted.Value is null)
            {
                if (!_stop.IsCancellationRequested)
                {
                    s_log.Warn(s_rateLimit, $"{_listener.Name}: accept failed: {Errno.ToText(accepted.Error)}");
                }

                continue;
            }

            Task task = Task.Run(() => ServeAsync(accepted.Value));
            lock (_lock)
            {
                _tasks.RemoveAll(t => t.IsCompleted);
                _tasks.Add(task);
            }
        }
    }

    private async Task ServeAsync(OvsStream stream)
    {
        await using var rpc = new JsonRpcConnection(stream) { DeferReceiveLog = true };
        var connection = new UnixctlConnection(rpc);
        long requests = 0;
        try
        {
            while (true)
            {
                JsonRpcReceiveResult received = await rpc.ReceiveAsync(_stop.Token).ConfigureAwait(false);
                if (received.Message is not { } message)
                {
                    return;
                }

                if (message.Type != JsonRpcMessageType.Request)
                {
                    s_log.Warn(s_rateLimit, $"{rpc.Name}: received unexpected {JsonRpcMessage.TypeName(message.Type)} message");
                    return;
                }

                Task replied = connection.BeginRequest(message.Id!);
                string tag = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rpc.Name}:{requests++}");
                _dispatch(tag, () =>
                {
                    rpc.LogReceived(message);
                    Dispatch(connection, message);
                });
                await replied.WaitAsync(_stop.Token).ConfigureAwait(false);

                // A reply given just before shutdown ("exit") still reaches its client, within a bound.
                using var flushLimit = new CancellationTokenSource(s_flushTimeout);
                await rpc.FlushAsync(flushLimit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Server shutting down.
        }
    }

    private void Dispatch(UnixctlConnection connection, JsonRpcMessage request)
    {
        string method = request.Method!;
        JsonArray parameters = request.Params!;
        s_log.Dbg($"received request {method}{parameters}, id={request.Id}");

        UnixctlCommand? command = _commands.Find(method);
        if (command is null)
        {
            connection.ReplyError($"\"{method}\" is not a valid command (use \"list-commands\" to see a list of valid commands)");
            return;
        }

        if (parameters.Count < command.MinArgs)
        {
            connection.ReplyError($"\"{method}\" command requires at least {command.MinArgs} arguments");
            return;
        }

        if (parameters.Count > command.MaxArgs)
        {
            connection.ReplyError($"\"{method}\" command takes at most {command.MaxArgs} arguments");
            return;
        }

        var args = new string[parameters.Count];
        for (int i = 0; i < args.Length; i++)
        {
            if (!parameters[i].TryGetString(out string? arg))
            {
                connection.ReplyError($"\"{method}\" command has non-string argument");
                return;
            }

            args[i] = arg;
        }

        command.Handler(connection, args);
    }
}
