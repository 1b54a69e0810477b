// Upstream: vswitchd/ovs-vswitchd.c, main() (OVS 3.1)
//
// ovs-vswitchd's start-up, in upstream's order: parse options, become a daemon (pidfile; a --detach parent waits),
// lock memory if asked, create the control socket and register "exit", then connect to the database and run.
// The parent of a --detach start exits only once the first configuration from the database has been applied and
// written back (SwitchDatabase calls Daemon.NotifyReady), so a script can use the switch as soon as the start
// returns. Under --enable-dummy the main loop runs on a clock that time/stop and time/warp control, and the
// netdev-dummy/* commands are registered. The daemon logic lives in Ovs.Vswitchd; bridges are ofprotos
// (OfprotoBridgeProvider) over the datapaths that DatapathProviders registers, which the dpctl/* commands also use.
using Ovs.Common;
using Ovs.Common.Diagnostics;
using Ovs.Common.Hosting;
using Ovs.Common.Logging;
using Ovs.Dpif;
using Ovs.Dpif.Dpctl;
using Ovs.Dpif.Netdev;
using Ovs.Dpif.Netdev.Execute;
using Ovs.Netdev;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif;
using Ovs.Transport.Streams;
using Ovs.Transport.Unixctl;
using Ovs.Vswitchd;
using Ovs.Vswitchd.Bridges;
using Ovs.Vswitchd.Database;
using Ovs.Vswitchd.Unixctl;

namespace Ovs.Programs.OvsVswitchd;

internal static class OvsVswitchdProgram
{
    private static readonly VlogModule s_log = VlogModule.Get("vswitchd");

    public static int Run(string[] args)
    {
        if (!OvsVswitchdOptions.TryParse(args, out OvsVswitchdOptions? options, out int exitCode))
        {
            return exitCode;
        }

        Daemon.Start(options.Daemon);
        if (options.Mlockall && MemoryLock.LockAll() is int error and not 0)
        {
            s_log.Err($"mlockall failed: {OvsErrno.StrError(error)}");
        }

        OvsClock? clock = options.Dummy != DummyLevel.Disabled ? new OvsClock() : null;
        Ovs.OpenFlow.Actions.ActionDecoder.DebugActionsEnabled = options.Dummy != DummyLevel.Disabled;
        var loop = new MainLoop(clock ?? TimeProvider.System);

        UnixctlServer? unixctl = null;
        string? ctlPath = UnixctlServer.ResolvePath(options.UnixctlPath);
        if (ctlPath is not null)
        {
            StreamResult<UnixctlServer> started = UnixctlServer.Start(ctlPath, UnixctlCommands.Default, loop);
            if (started.Value is null)
            {
                OvsError.Warn(started.Error, $"{ctlPath}: could not initialize control socket");
                return 1;
            }

            unixctl = started.Value;
            FatalSignal.AddFileToUnlink(ctlPath);
        }

        Ovs.Dpif.Netdev.Pmd.CpuTopology.Initialize(options.DummyNuma);
        TimeProvider time = clock ?? TimeProvider.System;
        (NetdevRegistry netdevs, DpifRegistry datapaths) = DatapathProviders.Create(options.Dummy, time);
        var ofprotoContext = new OfprotoContext(datapaths, netdevs, time) { Post = loop.Post };
        var reconciler = new BridgeReconciler(new OfprotoBridgeProvider(ofprotoContext) { SelfConfine = !options.Daemon.NoSelfConfinement });
        bool cleanup = false;
        var commands = new VswitchdCommands(reconciler, loop, withCleanup =>
        {
            cleanup = withCleanup;
            loop.Stop();
        });
        commands.Register(UnixctlCommands.Default);
        DpctlUnixctlCommands.Register(UnixctlCommands.Default, new DpctlUnixctl(datapaths, netdevs, OvsProgram.Name)
        {
            NowMilliseconds = () => time.GetTimestamp() * 1000 / time.TimestampFrequency,
        });
        OfprotoDpifCommands.Register(UnixctlCommands.Default, ofprotoContext, () => time.GetTimestamp() * 1000 / time.TimestampFrequency);
        DatapathCommands.Register(UnixctlCommands.Default, DpNetdevCatalog.Shared, new OdpExecuteImplementations());
        Ovs.Ofproto.Unixctl.DpifShowCommands.Register(UnixctlCommands.Default, ofprotoContext);
        Ovs.Ofproto.Unixctl.FdbCommands.Register(UnixctlCommands.Default, ofprotoContext);
        Ovs.Ofproto.Unixctl.RouteCommands.Register(UnixctlCommands.Default, ofprotoContext.Router);
        Ovs.Ofproto.Unixctl.NeighborCommands.Register(UnixctlCommands.Default, ofprotoContext.Neighbors);
        if (clock is not null)
        {
            commands.RegisterTimeWarp(UnixctlCommands.Default, clock);
            DummyDeviceCommands.Register(UnixctlCommands.Default, netdevs);
        }

        var database = new SwitchDatabase(options.Database, loop, reconciler, Daemon.NotifyReady);
        MemoryReport.Register(usage =>
        {
            reconciler.GetMemoryUsage(usage);
            if (database.IdlCells > 0)
            {
                usage["idl-cells-Open_vSwitch"] = database.IdlCells;
            }
        });
        using IDisposable memoryTimer = loop.ScheduleRepeating(TimeSpan.FromSeconds(1), MemoryReport.Check);

        using var stopping = new CancellationTokenSource();
        Task driver = Task.Run(() => database.RunAsync(stopping.Token));
        int status = 0;
        _ = driver.ContinueWith(
            t =>
            {
                s_log.Emer($"database connection failed: {t.Exception?.InnerException}");
                status = 1;
                loop.Stop();
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

        loop.Run();

        stopping.Cancel();
        try
        {
            driver.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Cancelled or already reported above.
        }

        reconciler.DestroyAll(cleanup);
        database.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
        unixctl?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return status;
    }
}
