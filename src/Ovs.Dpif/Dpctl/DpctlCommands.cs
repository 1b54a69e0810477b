// Upstream: all_commands[] and dpctl_run_command() in lib/dpctl.c (OVS 3.1).
// The dpctl command table, shared by ovs-dpctl and the dpctl/* unixctl commands of ovs-vswitchd: names, usage
// texts, argument counts (not counting the command name) and whether a command changes a datapath. Handlers get
// argv with the command name at index 0, as upstream's do, so that "is the datapath argument there" checks read the
// same way ("argc == max_args").
using System.Collections.Frozen;

namespace Ovs.Dpif.Dpctl;

internal enum DpctlMode
{
    ReadOnly,
    ReadWrite,
}

/// <summary>Runs one command; returns 0 or an errno.</summary>
internal delegate int DpctlHandler(Dpctl dpctl, string[] argv);

internal sealed record DpctlCommand(string Name, string Usage, int MinArgs, int MaxArgs, DpctlHandler Handler, DpctlMode Mode);

internal static class DpctlCommands
{
    private const int Unlimited = int.MaxValue;

    /// <summary>The commands in upstream's order (the order list-commands prints).</summary>
    public static IReadOnlyList<DpctlCommand> All { get; } =
    [
        new("add-dp", "dp [iface...]", 1, Unlimited, static (d, a) => d.AddDp(a), DpctlMode.ReadWrite),
        new("del-dp", "dp", 1, 1, static (d, a) => d.DelDp(a), DpctlMode.ReadWrite),
        new("add-if", "dp iface...", 2, Unlimited, static (d, a) => d.AddIf(a), DpctlMode.ReadWrite),
        new("del-if", "dp iface...", 2, Unlimited, static (d, a) => d.DelIf(a), DpctlMode.ReadWrite),
        new("set-if", "dp iface...", 2, Unlimited, static (d, a) => d.SetIf(a), DpctlMode.ReadWrite),
        new("dump-dps", string.Empty, 0, 0, static (d, _) => d.DumpDps(), DpctlMode.ReadOnly),
        new("show", "[-s] [dp...]", 0, Unlimited, static (d, a) => d.Show(a), DpctlMode.ReadOnly),
        new("dump-flows", "[-m] [--names] [dp] [filter=..] [type=..] [pmd=..]", 0, 6, static (d, a) => d.DumpFlows(a), DpctlMode.ReadOnly),
        new("add-flow", "[dp] flow actions", 2, 3, static (d, a) => d.AddFlow(a), DpctlMode.ReadWrite),
        new("mod-flow", "[dp] flow actions", 2, 3, static (d, a) => d.ModFlow(a), DpctlMode.ReadWrite),
        new("get-flow", "[dp] ufid", 1, 2, static (d, a) => d.GetFlow(a), DpctlMode.ReadOnly),
        new("del-flow", "[dp] flow", 1, 2, static (d, a) => d.DelFlow(a), DpctlMode.ReadWrite),
        new("add-flows", "[dp] file", 1, 2, static (d, a) => d.ProcessFlows(a), DpctlMode.ReadWrite),
        new("mod-flows", "[dp] file", 1, 2, static (d, a) => d.ProcessFlows(a), DpctlMode.ReadWrite),
        new("del-flows", "[dp] [file]", 0, 2, static (d, a) => d.DelFlows(a), DpctlMode.ReadWrite),
        new("offload-stats-show", "[dp]", 0, 1, static (d, a) => d.OffloadStatsShow(a), DpctlMode.ReadOnly),
        new("dump-conntrack", "[-m] [-s] [dp] [zone=N]", 0, 4, static (d, a) => d.DumpConntrack(a), DpctlMode.ReadOnly),
        new("flush-conntrack", "[dp] [zone=N] [ct-orig-tuple] [ct-reply-tuple]", 0, 4, static (d, a) => d.FlushConntrack(a), DpctlMode.ReadWrite),
        new("cache-get-size", "[dp]", 0, 1, static (d, a) => d.CacheGetSize(a), DpctlMode.ReadOnly),
        new("cache-set-size", "dp cache <size>", 3, 3, static (d, a) => d.CacheSetSize(a), DpctlMode.ReadWrite),
        new("ct-stats-show", "[dp] [zone=N]", 0, 3, static (d, a) => d.CtStatsShow(a), DpctlMode.ReadOnly),
        new("ct-bkts", "[dp] [gt=N]", 0, 2, static (d, a) => d.CtBuckets(a), DpctlMode.ReadOnly),
        new("ct-set-maxconns", "[dp] maxconns", 1, 2, static (d, a) => d.CtSetMaxConns(a), DpctlMode.ReadWrite),
        new("ct-get-maxconns", "[dp]", 0, 1, static (d, a) => d.CtGetMaxConns(a), DpctlMode.ReadOnly),
        new("ct-get-nconns", "[dp]", 0, 1, static (d, a) => d.CtGetConnCount(a), DpctlMode.ReadOnly),
        new("ct-enable-tcp-seq-chk", "[dp]", 0, 1, static (d, a) => d.CtSetTcpSeqCheck(a, true), DpctlMode.ReadWrite),
        new("ct-disable-tcp-seq-chk", "[dp]", 0, 1, static (d, a) => d.CtSetTcpSeqCheck(a, false), DpctlMode.ReadWrite),
        new("ct-get-tcp-seq-chk", "[dp]", 0, 1, static (d, a) => d.CtGetTcpSeqCheck(a), DpctlMode.ReadOnly),
        new("ct-set-limits", "[dp] [default=L] [zone=N,limit=L]...", 1, Unlimited, static (d, a) => d.CtSetLimits(a), DpctlMode.ReadOnly),
        new("ct-del-limits", "[dp] zone=N1[,N2]...", 1, 2, static (d, a) => d.CtDelLimits(a), DpctlMode.ReadOnly),
        new("ct-get-limits", "[dp] [zone=N1[,N2]...]", 0, 2, static (d, a) => d.CtGetLimits(a), DpctlMode.ReadOnly),
        new("ipf-set-enabled", "[dp] v4|v6", 1, 2, static (d, a) => d.IpfSetEnabled(a, true), DpctlMode.ReadWrite),
        new("ipf-set-disabled", "[dp] v4|v6", 1, 2, static (d, a) => d.IpfSetEnabled(a, false), DpctlMode.ReadWrite),
        new("ipf-set-min-frag", "[dp] v4|v6 minfragment", 2, 3, static (d, a) => d.IpfSetMinFragment(a), DpctlMode.ReadWrite),
        new("ipf-set-max-nfrags", "[dp] maxfrags", 1, 2, static (d, a) => d.IpfSetMaxFragments(a), DpctlMode.ReadWrite),
        new("ipf-get-status", "[dp]", 0, 1, static (d, a) => d.IpfGetStatus(a), DpctlMode.ReadOnly),
        new("help", string.Empty, 0, Unlimited, static (d, _) => d.Help(), DpctlMode.ReadOnly),
        new("list-commands", string.Empty, 0, Unlimited, static (d, _) => d.ListCommands(), DpctlMode.ReadOnly),
        new("parse-actions", "actions", 1, Unlimited, static (d, a) => d.ParseActions(a), DpctlMode.ReadOnly),
        new("normalize-actions", "actions", 2, Unlimited, static (d, a) => d.NormalizeActions(a), DpctlMode.ReadOnly),
    ];

    private static readonly FrozenDictionary<string, DpctlCommand> s_byName = All.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    public static DpctlCommand? Find(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>
    /// dpctl_run_command: checks the command name, its argument count and read-only mode, then runs it. argv[0] is
    /// the command name. Returns 0 or an errno; messages go to the session's output.
    /// </summary>
    public static int Run(Dpctl dpctl, string[] argv)
    {
        ArgumentNullException.ThrowIfNull(dpctl);
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Length < 1)
        {
            dpctl.Error(0, "missing command name; use --help for help");
            return Dpctl.Einval;
        }

        if (Find(argv[0]) is not DpctlCommand command)
        {
            dpctl.Error(0, $"unknown command '{argv[0]}'; use --help for help");
            return Dpctl.Einval;
        }

        int count = argv.Length - 1;
        if (count < command.MinArgs)
        {
            dpctl.Error(0, $"'{command.Name}' command requires at least {command.MinArgs} arguments");
            return Dpctl.Einval;
        }

        if (count > command.MaxArgs)
        {
            dpctl.Error(0, $"'{command.Name}' command takes at most {command.MaxArgs} arguments");
            return Dpctl.Einval;
        }

        if (command.Mode == DpctlMode.ReadWrite && dpctl.Options.ReadOnly)
        {
            dpctl.Error(0, $"'{command.Name}' command does not work in read only mode");
            return Dpctl.Einval;
        }

        return command.Handler(dpctl, argv);
    }
}
