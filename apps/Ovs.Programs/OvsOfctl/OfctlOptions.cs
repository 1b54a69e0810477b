// Upstream: utilities/ovs-ofctl.c, parse_options() (OVS 3.1)
//
// The option table in upstream's order (glibc lists ambiguous candidates in table order), and the settings it
// produces. Allowed OpenFlow versions start as OpenFlow 1.0 only; -O replaces them, --bundle adds 1.4 and drops the
// versions without bundles, and the result must share at least one flow protocol with -F.
using System.Globalization;
using Ovs.Cli;
using Ovs.Cli.Options;
using Ovs.Common.Hosting;
using Ovs.Common.Logging;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Wire;
using Ovs.Transport.Streams;

namespace Ovs.Programs.OvsOfctl;

internal sealed class OfctlOptions
{
    private const int OptStrict = 0x100;
    private const int OptReadd = 0x101;
    private const int OptTimestamp = 0x102;
    private const int OptSort = 0x103;
    private const int OptRsort = 0x104;
    private const int OptUnixctl = 0x105;
    private const int OptBundle = 0x106;
    private const int OptColor = 0x107;
    private const int OptMayCreate = 0x108;
    private const int OptReadOnly = 0x109;
    private const int OptNames = 0x10a;
    private const int OptNoNames = 0x10b;
    private const int OptStats = 0x10c;
    private const int OptNoStats = 0x10d;
    private const int OptPcap = 0x10e;
    private const int OptRaw = 0x10f;
    private const int OptDaemon = 0x120;
    private const int OptVlog = 0x130;
    private const int OptSsl = 0x140;

    private static readonly string[] s_daemonOptions = ["detach", "no-self-confinement", "no-chdir", "pidfile", "overwrite-pidfile", "monitor", "user"];

    internal static readonly IReadOnlyList<OptionSpec> Table = BuildTable();

    public uint AllowedVersions { get; private set; } = 1u << 1;

    /// <summary>mask_allowed_ofp_versions(): keeps only the versions in <paramref name="mask"/>.</summary>
    public void MaskAllowedVersions(uint mask) => AllowedVersions &= mask;

    public ProtocolSet AllowedProtocols { get; private set; } = ProtocolSet.Any;

    public int Verbosity { get; private set; }

    public int TimeoutSeconds { get; private set; }

    public bool Strict { get; private set; }

    public bool Readd { get; private set; }

    public bool Timestamp { get; private set; }

    public bool Bundle { get; private set; }

    public bool ReadOnly { get; private set; }

    public bool MayCreate { get; private set; }

    public bool? UseNames { get; private set; }

    public bool? ShowStats { get; private set; }

    public bool Raw { get; private set; }

    public bool Pcap { get; private set; }

    public bool Color { get; private set; }

    public string? UnixctlPath { get; private set; }

    public string? PacketInFormat { get; private set; }

    /// <summary>Sort criteria in order: (ascending, field or null for priority).</summary>
    public List<(bool Ascending, string? Field)> SortCriteria { get; } = [];

    public DaemonOptions Daemon { get; } = new();

    public bool ShowHelp { get; private set; }

    public bool ShowOptions { get; private set; }

    public bool ShowVersion { get; private set; }

    public static OfctlOptions Parse(GetOptResult parsed)
    {
        var options = new OfctlOptions();
        foreach (ParsedOption option in parsed.Options)
        {
            options.Apply(option);
            if (options.ShowHelp || options.ShowVersion || options.ShowOptions)
            {
                return options;
            }
        }

        if (parsed.Error is not null)
        {
            throw CliException.FromGetOpt(parsed.Error);
        }

        options.Finish();
        return options;
    }

    private static List<OptionSpec> BuildTable()
    {
        var table = new List<OptionSpec>
        {
            OptionSpec.Both("timeout", 't', OptionArgument.Required),
            OptionSpec.Long("strict", OptionArgument.None, OptStrict),
            OptionSpec.Long("readd", OptionArgument.None, OptReadd),
            OptionSpec.Both("flow-format", 'F', OptionArgument.Required),
            OptionSpec.Both("packet-in-format", 'P', OptionArgument.Required),
            OptionSpec.Both("more", 'm', OptionArgument.None),
            OptionSpec.Long("timestamp", OptionArgument.None, OptTimestamp),
            OptionSpec.Long("sort", OptionArgument.Optional, OptSort),
            OptionSpec.Long("rsort", OptionArgument.Optional, OptRsort),
            OptionSpec.Long("names", OptionArgument.None, OptNames),
            OptionSpec.Long("no-names", OptionArgument.None, OptNoNames),
            OptionSpec.Long("stats", OptionArgument.None, OptStats),
            OptionSpec.Long("no-stats", OptionArgument.None, OptNoStats),
            OptionSpec.Long("unixctl", OptionArgument.Required, OptUnixctl),
            OptionSpec.Both("help", 'h', OptionArgument.None),
            OptionSpec.Both("option", 'o', OptionArgument.None),
            OptionSpec.Long("bundle", OptionArgument.None, OptBundle),
            OptionSpec.Long("color", OptionArgument.Optional, OptColor),
            OptionSpec.Long("may-create", OptionArgument.None, OptMayCreate),
            OptionSpec.Long("pcap", OptionArgument.None, OptPcap),
            OptionSpec.Long("raw", OptionArgument.None, OptRaw),
            OptionSpec.Long("read-only", OptionArgument.None, OptReadOnly),
            OptionSpec.Long("detach", OptionArgument.None, OptDaemon),
            OptionSpec.Long("no-self-confinement", OptionArgument.None, OptDaemon + 1),
            OptionSpec.Long("no-chdir", OptionArgument.None, OptDaemon + 2),
            OptionSpec.Long("pidfile", OptionArgument.Optional, OptDaemon + 3),
            OptionSpec.Long("overwrite-pidfile", OptionArgument.None, OptDaemon + 4),
            OptionSpec.Long("monitor", OptionArgument.None, OptDaemon + 5),
            OptionSpec.Long("user", OptionArgument.Required, OptDaemon + 6),
            OptionSpec.Both("version", 'V', OptionArgument.None),
            OptionSpec.Both("protocols", 'O', OptionArgument.Required),
            OptionSpec.Both("verbose", 'v', OptionArgument.Optional),
            OptionSpec.Long("log-file", OptionArgument.Optional, OptVlog + 1),
            OptionSpec.Long("syslog-method", OptionArgument.Required, OptVlog + 2),
            OptionSpec.Long("syslog-target", OptionArgument.Required, OptVlog + 3),
            OptionSpec.Both("private-key", 'p', OptionArgument.Required),
            OptionSpec.Both("certificate", 'c', OptionArgument.Required),
            OptionSpec.Both("ca-cert", 'C', OptionArgument.Required),
            OptionSpec.Long("ssl-protocols", OptionArgument.Required, OptSsl),
            OptionSpec.Long("ssl-ciphers", OptionArgument.Required, OptSsl + 1),
        };
        return table;
    }

    private void Apply(ParsedOption option)
    {
        string? arg = option.Argument;
        switch (option.Id)
        {
            case 't':
                if (!uint.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out uint timeout) || timeout == 0)
                {
                    throw new CliException($"value {arg} on -t or --timeout is invalid");
                }

                TimeoutSeconds = (int)Math.Min(timeout, int.MaxValue);
                break;
            case 'F':
                AllowedProtocols = ParseProtocols(arg!);
                break;
            case 'P':
                PacketInFormat = arg switch
                {
                    "standard" or "openflow10" => "standard",
                    "nxt_packet_in" or "nxm" => "nxt_packet_in",
                    "nxt_packet_in2" => "nxt_packet_in2",
                    _ => throw new CliException($"unknown packet-in format `{arg}'"),
                };
                break;
            case 'm':
                Verbosity++;
                break;
            case 'h':
                ShowHelp = true;
                break;
            case 'o':
                ShowOptions = true;
                break;
            case 'V':
                ShowVersion = true;
                break;
            case 'O':
                AllowedVersions = ParseVersions(arg!);
                break;
            case OptBundle:
                Bundle = true;
                break;
            case OptStrict:
                Strict = true;
                break;
            case OptReadOnly:
                ReadOnly = true;
                break;
            case OptReadd:
                Readd = true;
                break;
            case OptTimestamp:
                Timestamp = true;
                break;
            case OptSort:
            case OptRsort:
                SortCriteria.Add((option.Id == OptSort, arg));
                break;
            case OptUnixctl:
                UnixctlPath = arg;
                break;
            case OptColor:
                Color = ParseColor(arg);
                break;
            case OptMayCreate:
                MayCreate = true;
                break;
            case OptNames:
                UseNames = true;
                break;
            case OptNoNames:
                UseNames = false;
                break;
            case OptStats:
                ShowStats = true;
                break;
            case OptNoStats:
                ShowStats = false;
                break;
            case OptPcap:
                Pcap = true;
                break;
            case OptRaw:
                Raw = true;
                break;
            case >= OptDaemon and < OptDaemon + 7:
                Daemon.Handle(s_daemonOptions[option.Id - OptDaemon], arg);
                break;
            case 'v':
            case OptVlog + 1:
            case OptVlog + 2:
            case OptVlog + 3:
                if (VlogOptions.Handle(option.Spec.Name!, arg) is { } error)
                {
                    throw new CliException(error);
                }

                break;
            case 'p':
                SslConfiguration.SetPrivateKeyFile(arg);
                break;
            case 'c':
                SslConfiguration.SetCertificateFile(arg);
                break;
            case 'C':
                SslConfiguration.SetCaCertFile(arg, bootstrap: false);
                break;
            case OptSsl:
                SslConfiguration.SetProtocols(arg);
                break;
            case OptSsl + 1:
                SslConfiguration.SetCiphers(arg);
                break;
            default:
                throw new InvalidOperationException($"option {option.Spec.Name} has no handler");
        }
    }

    /// <summary>
    /// Bundles need OpenFlow 1.3 or later: when no such version is allowed, OpenFlow 1.4 is, and the versions without
    /// bundles are not. Returns whether the versions changed.
    /// </summary>
    public bool ImplyBundleVersions()
    {
        uint bundleVersions = OfpProtocolNames.ToVersionBitmap(ProtocolSet.Of13Oxm | ProtocolSet.Of14Oxm | ProtocolSet.Of15Oxm);
        if ((AllowedVersions & bundleVersions) != 0)
        {
            return false;
        }

        AllowedVersions |= OfpProtocolNames.ToVersionBitmap(ProtocolSet.Of14Oxm);
        AllowedVersions &= bundleVersions;
        return true;
    }

    /// <summary>The bundle command's implicit OpenFlow 1.4, which also makes the flow protocols those of the versions.</summary>
    public void ImplyBundleProtocols()
    {
        if (ImplyBundleVersions())
        {
            AllowedProtocols = OfpProtocolNames.FromVersionBitmap(AllowedVersions);
        }
    }

    /// <summary>Reconciles versions and flow protocols as upstream does once all options are read.</summary>
    private void Finish()
    {
        if (SortCriteria.Count > 0)
        {
            SortCriteria.Add((false, "priority"));
        }

        if (Bundle)
        {
            ImplyBundleVersions();
        }

        ProtocolSet versionProtocols = OfpProtocolNames.FromVersionBitmap(AllowedVersions);
        if ((AllowedProtocols & versionProtocols) == 0)
        {
            throw new CliException(
                $"None of the enabled OpenFlow versions ({OfpProtocolNames.FormatVersionNames(AllowedVersions)}) supports any of the enabled flow formats ({OfpProtocolNames.Format(AllowedProtocols)}).  (Use -O to enable additional OpenFlow versions or -F to enable additional flow formats.)");
        }

        AllowedProtocols &= versionProtocols;
        AllowedVersions &= OfpProtocolNames.ToVersionBitmap(AllowedProtocols);
    }

    private static ProtocolSet ParseProtocols(string text)
    {
        ProtocolSet protocols = ProtocolSet.None;
        foreach (string part in text.Split(','))
        {
            if (part.Length == 0)
            {
                continue;
            }

            ProtocolSet p = OfpProtocolNames.ParseOne(part);
            if (p == ProtocolSet.None)
            {
                throw new CliException($"{part}: unknown flow protocol");
            }

            protocols |= p;
        }

        return protocols != ProtocolSet.None ? protocols : throw new CliException($"{text}: no flow protocol specified");
    }

    private static uint ParseVersions(string text)
    {
        uint bitmap = 0;
        foreach (string part in text.Split([' ', '\t', '\n', '\v', '\f', '\r', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            byte version = OfpProtocolNames.ParseVersion(part);
            if (version == 0)
            {
                throw new CliException($"Unknown OpenFlow version: \"{part}\"");
            }

            bitmap |= 1u << version;
        }

        return bitmap;
    }

    private static bool ParseColor(string? arg)
    {
        if (arg is null)
        {
            return !Console.IsOutputRedirected;
        }

        return arg.ToUpperInvariant() switch
        {
            "ALWAYS" or "YES" or "FORCE" => true,
            "NEVER" or "NO" or "NONE" => false,
            "AUTO" or "TTY" or "IF-TTY" => !Console.IsOutputRedirected,
            _ => throw new CliException($"incorrect value `{arg}' for --color"),
        };
    }
}
