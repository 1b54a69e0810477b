// Upstream: vswitchd/ovs-vswitchd.c, parse_options(), and lib/dummy.c, dummy_enable() (OVS 3.1)
using System.Diagnostics.CodeAnalysis;
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Common.Hosting;
using Ovs.Common.Logging;
using Ovs.Transport.Streams;

namespace Ovs.Programs.OvsVswitchd;

/// <summary>What --enable-dummy asks for (upstream's enum dummy_level).</summary>
internal enum DummyLevel
{
    /// <summary>No --enable-dummy.</summary>
    Disabled,

    /// <summary>--enable-dummy: dummy types added beside the real ones.</summary>
    Added,

    /// <summary>--enable-dummy=system: dummy netdevs also stand in for the "system" type.</summary>
    OverrideSystem,

    /// <summary>--enable-dummy=override: dummy netdevs stand in for every type.</summary>
    OverrideAll,
}

/// <summary>The parsed ovs-vswitchd command line.</summary>
internal sealed class OvsVswitchdOptions
{
    private enum Opt
    {
        Help = 1000,
        Version,
        Mlockall,
        Unixctl,
        PrivateKey,
        Certificate,
        CaCert,
        SslProtocols,
        SslCiphers,
        PeerCaCert,
        BootstrapCaCert,
        EnableDummy,
        DisableSystem,
        DisableSystemRoute,
        Dpdk,
        DummyNuma,
        Daemon = 2000,
        Vlog = 3000,
    }

    private static readonly OptionSpec[] s_table = BuildTable();

    /// <summary>The DATABASE argument, or unix:$OVS_RUNDIR/db.sock.</summary>
    public string Database { get; private set; } = string.Empty;

    public string? UnixctlPath { get; private set; }

    public DaemonOptions Daemon { get; } = new();

    public bool Mlockall { get; private set; }

    public DummyLevel Dummy { get; private set; }

    /// <summary>--disable-system: the "system" datapath type may not be used.</summary>
    public bool DisableSystem { get; private set; }

    /// <summary>--disable-system-route: the kernel's routing table is not mirrored into ovs/route.</summary>
    public bool DisableSystemRoute { get; private set; }

    /// <summary>--dummy-numa: the CPU layout the dummy NUMA emulation pretends to have.</summary>
    public string? DummyNuma { get; private set; }

    /// <summary>Parses <paramref name="args"/>; false with an exit code for --help, --version and errors.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out OvsVswitchdOptions? options, out int exitCode)
    {
        options = new OvsVswitchdOptions();
        exitCode = 1;
        GetOptResult parsed = GetOpt.Parse(args, s_table);
        foreach (ParsedOption option in parsed.Options)
        {
            if (!options.Apply(option, ref exitCode))
            {
                options = null;
                return false;
            }
        }

        if (parsed.Error is not null)
        {
            // getopt_long()'s own messages start with argv[0] as the program was started, not the program name.
            Console.Error.Write($"{Environment.GetCommandLineArgs()[0]}: {parsed.Error}\n");
            options = null;
            return false;
        }

        switch (parsed.Operands.Count)
        {
            case 0:
                options.Database = $"unix:{OvsPaths.RunDir}/db.sock";
                return true;
            case 1:
                options.Database = parsed.Operands[0];
                return true;
            default:
                OvsFatal.Fatal("at most one non-option argument accepted; use --help for usage");
                options = null;
                return false;
        }
    }

    /// <summary>Applies one option; false when the program must exit now with <paramref name="exitCode"/>.</summary>
    private bool Apply(ParsedOption option, ref int exitCode)
    {
        string? arg = option.Argument;
        switch ((Opt)option.Id)
        {
            case Opt.Help:
                Console.Out.Write(OvsVswitchdUsage.Text);
                exitCode = 0;
                return false;
            case Opt.Version:
                // A build with DPDK would print the DPDK version next; this one has none, like Debian's.
                Console.Out.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\n");
                exitCode = 0;
                return false;
            case Opt.Mlockall:
                Mlockall = true;
                return true;
            case Opt.Unixctl:
                UnixctlPath = arg;
                return true;
            case Opt.PrivateKey:
                SslConfiguration.SetPrivateKeyFile(arg);
                return true;
            case Opt.Certificate:
                SslConfiguration.SetCertificateFile(arg);
                return true;
            case Opt.CaCert:
                SslConfiguration.SetCaCertFile(arg, bootstrap: false);
                return true;
            case Opt.SslProtocols:
                SslConfiguration.SetProtocols(arg);
                return true;
            case Opt.SslCiphers:
                SslConfiguration.SetCiphers(arg);
                return true;
            case Opt.PeerCaCert:
                SslConfiguration.SetPeerCaCertFile(arg);
                return true;
            case Opt.BootstrapCaCert:
                SslConfiguration.SetCaCertFile(arg, bootstrap: true);
                return true;
            case Opt.EnableDummy:
                Dummy = arg switch
                {
                    null or "" => DummyLevel.Added,
                    "system" => DummyLevel.OverrideSystem,
                    "override" => DummyLevel.OverrideAll,
                    _ => Fatal($"{arg}: unknown dummy level"),
                };
                return true;
            case Opt.DisableSystem:
                DisableSystem = true;
                return true;
            case Opt.DisableSystemRoute:
                DisableSystemRoute = true;
                return true;
            case Opt.Dpdk:
                Fatal("Using --dpdk to configure DPDK is not supported.");
                return false;
            case Opt.DummyNuma:
                DummyNuma = arg;
                return true;
            default:
                return CommonOptionRows.Apply(option, Daemon, (int)Opt.Vlog);
        }
    }

    private static DummyLevel Fatal(string message)
    {
        OvsFatal.Fatal(message);
        return DummyLevel.Disabled;
    }

    /// <summary>Upstream's long_options[] order (it decides which option an abbreviation means).</summary>
    private static OptionSpec[] BuildTable()
    {
        var table = new List<OptionSpec>
        {
            new("help", 'h', OptionArgument.None, (int)Opt.Help),
            new("version", 'V', OptionArgument.None, (int)Opt.Version),
            OptionSpec.Long("mlockall", OptionArgument.None, (int)Opt.Mlockall),
            OptionSpec.Long("unixctl", OptionArgument.Required, (int)Opt.Unixctl),
        };
        CommonOptionRows.AddDaemonAndVlog(table, (int)Opt.Daemon, (int)Opt.Vlog);

        table.AddRange(
        [
            new("private-key", 'p', OptionArgument.Required, (int)Opt.PrivateKey),
            new("certificate", 'c', OptionArgument.Required, (int)Opt.Certificate),
            new("ca-cert", 'C', OptionArgument.Required, (int)Opt.CaCert),
            OptionSpec.Long("ssl-protocols", OptionArgument.Required, (int)Opt.SslProtocols),
            OptionSpec.Long("ssl-ciphers", OptionArgument.Required, (int)Opt.SslCiphers),
            OptionSpec.Long("peer-ca-cert", OptionArgument.Required, (int)Opt.PeerCaCert),
            OptionSpec.Long("bootstrap-ca-cert", OptionArgument.Required, (int)Opt.BootstrapCaCert),
            OptionSpec.Long("enable-dummy", OptionArgument.Optional, (int)Opt.EnableDummy),
            OptionSpec.Long("disable-system", OptionArgument.None, (int)Opt.DisableSystem),
            OptionSpec.Long("disable-system-route", OptionArgument.None, (int)Opt.DisableSystemRoute),
            OptionSpec.Long("dpdk", OptionArgument.Optional, (int)Opt.Dpdk),
            OptionSpec.Long("dummy-numa", OptionArgument.Required, (int)Opt.DummyNuma),
        ]);
        return [.. table];
    }
}
