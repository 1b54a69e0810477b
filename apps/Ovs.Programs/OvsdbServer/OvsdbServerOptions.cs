// Upstream: ovsdb/ovsdb-server.c, parse_options() (OVS 3.1)
using System.Diagnostics.CodeAnalysis;
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Common.Hosting;
using Ovs.Common.Logging;
using Ovs.Common.Replay;

namespace Ovs.Programs.OvsdbServer;

/// <summary>The parsed ovsdb-server command line.</summary>
internal sealed class OvsdbServerOptions
{
    private enum Opt
    {
        Remote = 1000,
        Run,
        Unixctl,
        Help,
        Version,
        PrivateKey,
        Certificate,
        CaCert,
        BootstrapCaCert,
        PeerCaCert,
        SslProtocols,
        SslCiphers,
        SyncFrom,
        SyncExclude,
        Active,
        NoDbs,
        DisableFileColumnDiff,
        Record,
        Replay,
        Daemon = 2000,
        Vlog = 3000,
    }

    private static readonly OptionSpec[] s_table = BuildTable();

    public List<string> Remotes { get; } = [];

    public List<string> Databases { get; } = [];

    public string? RunCommand { get; private set; }

    public string? UnixctlPath { get; private set; }

    public DaemonOptions Daemon { get; } = new();

    public string? PrivateKey { get; private set; }

    public string? Certificate { get; private set; }

    public string? CaCert { get; private set; }

    public bool BootstrapCaCert { get; private set; }

    public string? PeerCaCert { get; private set; }

    public string? SslProtocols { get; private set; }

    public string? SslCiphers { get; private set; }

    public string? SyncFrom { get; private set; }

    public string? SyncExcludeTables { get; private set; }

    public bool Active { get; private set; }

    public bool DisableFileColumnDiff { get; private set; }

    /// <summary>--record or --replay, with its directory (null: the run directory).</summary>
    public ReplayMode ReplayMode { get; private set; }

    public string? ReplayDirectory { get; private set; }

    /// <summary>Parses <paramref name="args"/>; false with an exit code for --help, --version and errors.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out OvsdbServerOptions? options, out int exitCode)
    {
        options = new OvsdbServerOptions();
        exitCode = 1;
        GetOptResult parsed = GetOpt.Parse(args, s_table);
        bool noDbs = false;
        foreach (ParsedOption option in parsed.Options)
        {
            string? arg = option.Argument;
            switch ((Opt)option.Id)
            {
                case Opt.Remote:
                    options.Remotes.Add(arg!);
                    break;
                case Opt.Run:
                    options.RunCommand = arg;
                    break;
                case Opt.Unixctl:
                    options.UnixctlPath = arg;
                    break;
                case Opt.Help:
                    Console.Out.Write(OvsdbServerUsage.Text);
                    exitCode = 0;
                    options = null;
                    return false;
                case Opt.Version:
                    Console.Out.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\n");
                    exitCode = 0;
                    options = null;
                    return false;
                case Opt.PrivateKey:
                    options.PrivateKey = arg;
                    break;
                case Opt.Certificate:
                    options.Certificate = arg;
                    break;
                case Opt.CaCert:
                    options.CaCert = arg;
                    break;
                case Opt.BootstrapCaCert:
                    options.CaCert = arg;
                    options.BootstrapCaCert = true;
                    break;
                case Opt.PeerCaCert:
                    options.PeerCaCert = arg;
                    break;
                case Opt.SslProtocols:
                    options.SslProtocols = arg;
                    break;
                case Opt.SslCiphers:
                    options.SslCiphers = arg;
                    break;
                case Opt.Record:
                    options.ReplayMode = ReplayMode.Record;
                    options.ReplayDirectory = arg;
                    break;
                case Opt.Replay:
                    options.ReplayMode = ReplayMode.Replay;
                    options.ReplayDirectory = arg;
                    break;
                case Opt.SyncFrom:
                    options.SyncFrom = arg;
                    break;
                case Opt.SyncExclude:
                    options.SyncExcludeTables = arg;
                    break;
                case Opt.Active:
                    options.Active = true;
                    break;
                case Opt.NoDbs:
                    noDbs = true;
                    break;
                case Opt.DisableFileColumnDiff:
                    options.DisableFileColumnDiff = true;
                    break;
                default:
                    if (!CommonOptionRows.Apply(option, options.Daemon, (int)Opt.Vlog))
                    {
                        options = null;
                        return false;
                    }

                    break;
            }
        }

        if (parsed.Error is not null)
        {
            OvsError.Warn(parsed.Error);
            options = null;
            return false;
        }

        options.Databases.AddRange(parsed.Operands);
        if (options.Databases.Count == 0 && !noDbs)
        {
            options.Databases.Add(Path.Combine(OvsPaths.DbDir, "conf.db"));
        }

        return true;
    }

    private static OptionSpec[] BuildTable()
    {
        var table = new List<OptionSpec>
        {
            OptionSpec.Long("remote", OptionArgument.Required, (int)Opt.Remote),
            OptionSpec.Long("unixctl", OptionArgument.Required, (int)Opt.Unixctl),
            OptionSpec.Long("run", OptionArgument.Required, (int)Opt.Run),
            new("help", 'h', OptionArgument.None, (int)Opt.Help),
            new("version", 'V', OptionArgument.None, (int)Opt.Version),
            OptionSpec.Long("bootstrap-ca-cert", OptionArgument.Required, (int)Opt.BootstrapCaCert),
            OptionSpec.Long("peer-ca-cert", OptionArgument.Required, (int)Opt.PeerCaCert),
            OptionSpec.Long("sync-from", OptionArgument.Required, (int)Opt.SyncFrom),
            OptionSpec.Long("sync-exclude-tables", OptionArgument.Required, (int)Opt.SyncExclude),
            OptionSpec.Long("active", OptionArgument.None, (int)Opt.Active),
            OptionSpec.Long("no-dbs", OptionArgument.None, (int)Opt.NoDbs),
            OptionSpec.Long("disable-file-column-diff", OptionArgument.None, (int)Opt.DisableFileColumnDiff),
            OptionSpec.Long("record", OptionArgument.Optional, (int)Opt.Record),
            OptionSpec.Long("replay", OptionArgument.Optional, (int)Opt.Replay),
            new("private-key", 'p', OptionArgument.Required, (int)Opt.PrivateKey),
            new("certificate", 'c', OptionArgument.Required, (int)Opt.Certificate),
            new("ca-cert", 'C', OptionArgument.Required, (int)Opt.CaCert),
            OptionSpec.Long("ssl-protocols", OptionArgument.Required, (int)Opt.SslProtocols),
            OptionSpec.Long("ssl-ciphers", OptionArgument.Required, (int)Opt.SslCiphers),
        };
        CommonOptionRows.AddDaemonAndVlog(table, (int)Opt.Daemon, (int)Opt.Vlog);

        return [.. table];
    }
}
