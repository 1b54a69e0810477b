using Ovs.Common.Hosting;
using Ovs.Common.Logging;

namespace Ovs.Common.Tests.Hosting;

/// <summary>
/// Entry point of this test assembly when run directly ("dotnet Ovs.Common.Tests.dll daemon-host ..."): a minimal
/// daemon built from the real Daemon/Vlog/MainLoop pieces, so tests can exercise --detach and --monitor end to end.
/// Extra flags: --fail-before-ready (exit 3 before readiness), --abort-once=FILE (if FILE exists, delete it and
/// abort with SIGABRT shortly after readiness, so a monitor's restart then runs normally), --restart-state (log
/// the state a predecessor saved, then save "saved by PID").
/// The test runner itself never calls Main.
/// </summary>
internal static class DaemonHostProgram
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "daemon-host")
        {
            Console.Error.WriteLine("usage: Ovs.Common.Tests daemon-host [options]");
            return 2;
        }

        OvsProgram.SetName("test-daemon");
        VlogModule log = VlogModule.Get("test_daemon");
        var options = new DaemonOptions();
        bool failBeforeReady = false;
        bool restartState = false;
        string? abortOnce = null;
        foreach (string arg in args.Skip(1))
        {
            string name = arg.TrimStart('-');
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (DaemonOptions.IsDaemonOption(name))
            {
                options.Handle(name, value);
            }
            else if (VlogOptions.IsVlogOption(name))
            {
                if (VlogOptions.Handle(name, value) is { } error)
                {
                    OvsFatal.Fatal(error);
                }
            }
            else
            {
                failBeforeReady |= name == "fail-before-ready";
                restartState |= name == "restart-state";
                abortOnce = name == "abort-once" ? value : abortOnce;
            }
        }

        Daemon.Start(options);
        if (failBeforeReady)
        {
            return 3;
        }

        var loop = new MainLoop();
        FatalSignal.AddHook(loop.Stop);
        log.Info("started");
        if (restartState)
        {
            log.Info($"restart state: {Daemon.LoadRestartState() ?? "(none)"}");
            Daemon.SaveRestartState(FormattableString.Invariant($"saved by {Environment.ProcessId}"));
        }

        Daemon.NotifyReady();
        if (abortOnce is not null && File.Exists(abortOnce))
        {
            File.Delete(abortOnce);
            loop.Schedule(TimeSpan.FromMilliseconds(100), () => Environment.FailFast("test abort"));
        }

        loop.Run();
        return 0;
    }
}
