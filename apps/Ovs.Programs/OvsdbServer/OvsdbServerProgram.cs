// Upstream: ovsdb/ovsdb-server.c, main() (OVS 3.1)
//
// ovsdb-server's start-up, in upstream's order: parse options, become a daemon (pidfile, --detach), open every
// database (fatal errors as upstream prints them), configure the remotes, create the control socket and register
// the ovsdb-server/* commands, start --run's child, tell the waiting parent we are ready, then run the main loop
// until "exit", a fatal signal or the --run child's exit. The server logic lives in Ovs.Ovsdb.Server.
using System.Diagnostics;
using Ovs.Common;
using Ovs.Common.Diagnostics;
using Ovs.Common.Hosting;
using Ovs.Common.Logging;
using Ovs.Common.Replay;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Server;
using Ovs.Ovsdb.Server.Remotes;
using Ovs.Ovsdb.Server.Replication;
using Ovs.Ovsdb.Server.Unixctl;
using Ovs.Transport.Streams;
using Ovs.Transport.Unixctl;

namespace Ovs.Programs.OvsdbServer;

internal static class OvsdbServerProgram
{
    public static int Run(string[] args)
    {
        OvsdbServerModules.Register();
        if (!OvsdbServerOptions.TryParse(args, out OvsdbServerOptions? options, out int exitCode))
        {
            return exitCode;
        }

        Daemon.Start(options.Daemon);

        using LoopJournal? journal = StartReplay(options);
        var loop = new MainLoop(journal?.Clock ?? TimeProvider.System) { Journal = journal };
        using var server = new Ovs.Ovsdb.Server.OvsdbServer(loop)
        {
            Ssl =
            {
                PrivateKey = options.PrivateKey,
                Certificate = options.Certificate,
                CaCert = options.CaCert,
                BootstrapCaCert = options.BootstrapCaCert,
                PeerCaCert = options.PeerCaCert,
                Protocols = options.SslProtocols,
                Ciphers = options.SslCiphers,
            },
        };
        foreach (string file in options.Databases)
        {
            if (server.AddDatabaseFile(file) is { } error)
            {
                OvsFatal.Fatal(error.ToString());
            }
        }

        // A daemon restarted by --monitor takes the remotes its predecessor had, including those added or removed
        // with ovsdb-server/add-remote and remove-remote, as upstream's does.
        using var remotes = new RemoteManager(server);
        foreach (string remote in RestartState.LoadRemotes() ?? options.Remotes)
        {
            if (remotes.Add(remote) is { } error)
            {
                OvsFatal.Fatal(error + "\n");
            }
        }

        // As upstream: the remotes are bound ("listening on port N") before the control socket exists.
        remotes.Reconfigure();

        var sync = new ReplicationSettings
        {
            ActiveServer = options.SyncFrom,
            ExcludeTables = options.SyncExcludeTables,
            StartActive = options.Active,
        };
        using var replication = new ReplicationManager(server, sync);

        UnixctlServer? unixctl = null;
        string? ctlPath = UnixctlServer.ResolvePath(options.UnixctlPath);
        if (ctlPath is not null)
        {
            StreamResult<UnixctlServer> started = UnixctlServer.Start(ctlPath, UnixctlCommands.Default, loop);
            if (started.Value is null)
            {
                OvsFatal.Fatal(started.Error, $"{ctlPath}: could not initialize control socket");
            }

            unixctl = started.Value;
            FatalSignal.AddFileToUnlink(ctlPath);
        }

        MemoryReport.Register(server.GetMemoryUsage);
        using IDisposable memoryTimer = loop.ScheduleRepeating(TimeSpan.FromSeconds(1), MemoryReport.Check);
        int status = 0;
        // "exit" stops the loop once its reply has been written (see ServerCommands.Exit); Stop is thread-safe.
        Action exit = loop.Stop;
        RestartState.SaveRemotes(remotes.Configured);
        new ServerCommands(server, remotes, replication, exit)
        {
            RemotesChanged = () => RestartState.SaveRemotes(remotes.Configured),
        }.Register(UnixctlCommands.Default);
        replication.Start();
        remotes.UpdateStatus();
        using IDisposable statusTimer = loop.ScheduleRepeating(TimeSpan.FromMilliseconds(2500), remotes.UpdateStatus);
        if (options.RunCommand is { } command)
        {
            StartRunCommand(command, loop, code => status = code);
        }

        server.WhenRelaysSynced(TimeSpan.FromSeconds(5), () =>
        {
            Daemon.NotifyReady();

            // Logged once detached, as upstream does (a --detach start keeps it off the terminal), and not with
            // --run, which makes the server a command-line tool rather than a long-running daemon.
            if (options.RunCommand is null)
            {
                VlogModule.Get("ovsdb_server").Info(OvsVersion.VersionLine(OvsProgram.Name));
            }
        });
        loop.Run();
        unixctl?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return status;
    }

    /// <summary>
    /// --record: every stream, UUID and main-loop event goes into replay files as well; --replay: they come from
    /// those files instead, with the main loop on the recorded clock. Returns the main loop's journal, if any.
    /// </summary>
    private static LoopJournal? StartReplay(OvsdbServerOptions options)
    {
        if (options.ReplayMode == ReplayMode.None)
        {
            return null;
        }

        OvsReplay.Configure(options.ReplayMode, options.ReplayDirectory, OvsPaths.RunDir);
        string path = Path.Combine(OvsReplay.Directory, "replay_main_loop");
        try
        {
            return options.ReplayMode == ReplayMode.Record ? LoopJournal.Record(path) : LoopJournal.Replay(path, new ReplayClock());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            OvsFatal.Fatal($"{path}: failed to open replay file ({OvsErrno.StrError(OvsErrno.FromException(e))})");
            return null;
        }
    }

    /// <summary>Runs COMMAND through /bin/sh; when it exits the server stops, failing if the child failed.</summary>
    private static void StartRunCommand(string command, MainLoop loop, Action<int> setStatus)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        Process child = Process.Start(start)!;
        _ = Task.Run(async () =>
        {
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            int code = child.ExitCode;
            loop.Post(() =>
            {
                if (code != 0)
                {
                    string how = code > 128 ? $"killed ({SignalName(code - 128)})" : $"exit status {code}";
                    OvsError.Warn($"{command}: child exited, {how}");
                    setStatus(1);
                }

                loop.Stop();
            });
        });
    }

    private static string SignalName(int signal) => signal switch
    {
        9 => "Killed",
        15 => "Terminated",
        2 => "Interrupt",
        1 => "Hangup",
        6 => "Aborted",
        11 => "Segmentation fault",
        _ => $"signal {signal}",
    };
}
