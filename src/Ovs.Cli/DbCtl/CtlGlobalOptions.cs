// Upstream: utilities/ovs-vsctl.c and vtep/vtep-ctl.c, parse_options() (OVS 3.1)
//
// The global options both db-ctl front ends share (--db, --oneline, --no-syslog, --dry-run, -t, -h, -V, the vlog,
// table-format and SSL options, and command options given before the first command), applied in command-line
// order. Each front end declares its own option table in upstream's order, using the ids below for the shared
// options and ids from OptFrontEnd up for its own, which it handles in ApplyOwn.
using System.Globalization;
using Ovs.Cli.Options;
using Ovs.Cli.Tables;
using Ovs.Common.Logging;
using Ovs.Transport.Streams;

namespace Ovs.Cli.DbCtl;

public abstract class CtlGlobalOptions
{
    protected const int OptDb = 0x100;
    protected const int OptOneline = 0x101;
    protected const int OptNoSyslog = 0x102;
    protected const int OptDryRun = 0x103;
    protected const int OptPeerCaCert = 0x104;
    protected const int OptLocal = 0x105;
    protected const int OptVlog = 0x110;
    protected const int OptSsl = 0x120;
    protected const int OptFrontEnd = 0x140;

    private readonly string _syslogModule;

    /// <param name="syslogModule">The vlog module that --no-syslog limits to warnings on syslog ("vsctl").</param>
    protected CtlGlobalOptions(string syslogModule)
    {
        _syslogModule = syslogModule;
    }

    public string? Db { get; private set; }

    public bool Oneline { get; private set; }

    public bool DryRun { get; private set; }

    /// <summary>Keep trying to connect (ovs-vsctl's --retry); without it, each remote is tried once.</summary>
    public bool Retry { get; protected set; }

    public int TimeoutSeconds { get; private set; }

    public TableStyle Style { get; } = new() { Format = TableFormat.List };

    public CtlOptions LocalOptions { get; } = new();

    /// <summary>What to print instead of running commands ("help", "version", or a front end's own).</summary>
    public string? Action { get; protected set; }

    /// <summary>Applies the parsed options in order, stopping at one that asks for an action; throws CliException with upstream's messages.</summary>
    protected void ApplyAll(GetOptResult parsed)
    {
        foreach (ParsedOption option in parsed.Options)
        {
            if (!TableOptions.TryApply(option, Style) && !ApplyShared(option))
            {
                ApplyOwn(option);
            }

            if (Action is not null)
            {
                return;
            }
        }

        if (parsed.Error is not null)
        {
            throw CliException.FromGetOpt(parsed.Error);
        }
    }

    /// <summary>Applies an option of the front end's own (ids from <see cref="OptFrontEnd"/>).</summary>
    protected abstract void ApplyOwn(ParsedOption option);

    private bool ApplyShared(ParsedOption option)
    {
        switch (option.Id)
        {
            case OptDb:
                Db = option.Argument;
                return true;
            case OptOneline:
                Oneline = true;
                return true;
            case OptNoSyslog:
                VlogOptions.Handle("verbose", _syslogModule + ":syslog:warn");
                return true;
            case OptDryRun:
                DryRun = true;
                return true;
            case OptLocal:
                // Upstream looks the name up without its dashes in a map that stores it with them, so a repeated
                // option is never reported here; the first one is kept.
                LocalOptions.TryAdd("--" + option.Spec.Name, option.Argument);
                return true;
            case 'h':
                Action = "help";
                return true;
            case 'V':
                Action = "version";
                return true;
            case 't':
                if (!uint.TryParse(option.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds) || seconds == 0)
                {
                    throw new CliException($"value {option.Argument} on -t or --timeout is invalid");
                }

                TimeoutSeconds = (int)Math.Min(seconds, int.MaxValue);
                return true;
            case 'v':
            case OptVlog + 1:
            case OptVlog + 2:
            case OptVlog + 3:
                if (VlogOptions.Handle(option.Spec.Name!, option.Argument) is { } error)
                {
                    // An empty message was already reported (a log file that cannot be opened): exit 1 quietly.
                    throw error.Length > 0 ? new CliException(error) : new CtlExitException(1);
                }

                return true;
            case 'p':
                SslConfiguration.SetPrivateKeyFile(option.Argument);
                return true;
            case 'c':
                SslConfiguration.SetCertificateFile(option.Argument);
                return true;
            case 'C':
                SslConfiguration.SetCaCertFile(option.Argument, bootstrap: false);
                return true;
            case OptSsl:
                SslConfiguration.SetProtocols(option.Argument);
                return true;
            case OptSsl + 1:
                SslConfiguration.SetCiphers(option.Argument);
                return true;
            case OptPeerCaCert:
                SslConfiguration.SetPeerCaCertFile(option.Argument);
                return true;
            default:
                return false;
        }
    }
}
