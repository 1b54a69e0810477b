// Upstream: lib/dpctl.c (OVS 3.1): dpctl_print(), dpctl_error(), get_one_dp(), parsed_dpif_open(), dp_exists() and
// opt_dpif_open().
// One run of a dpctl command: where datapaths and network devices come from, the options, and where text goes.
// Commands print through Print and report failures through Error, which prefixes the program name and appends the
// errno text as upstream does ("ovs-vswitchd: add_dp (File exists)"). ovs-dpctl sends the two to stdout and
// stderr; a dpctl/* unixctl command collects both into its one reply. The handlers live in the partial files
// Dpctl.Datapaths.cs, Dpctl.Ports.cs, Dpctl.Flows.cs, Dpctl.FlowFiles.cs and Dpctl.Conntrack.cs.
using Ovs.Common;
using Ovs.Common.Collections;
using Ovs.Common.Logging;
using Ovs.Netdev;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    public const int Einval = OvsErrno.EINVAL;

    private const string SystemType = "system";

    private static readonly VlogModule s_dpifLog = VlogModule.Get("dpif");

    private readonly TextWriter _out;
    private readonly TextWriter _error;

    /// <param name="datapaths">The datapath providers to work with.</param>
    /// <param name="netdevs">The network devices the datapaths' ports are, shared with the datapaths.</param>
    /// <param name="options">The parsed options.</param>
    /// <param name="programName">The name error messages start with.</param>
    /// <param name="output">Where printed text goes.</param>
    /// <param name="error">Where error messages go (the same writer as output for unixctl).</param>
    public Dpctl(DpifRegistry datapaths, NetdevRegistry netdevs, DpctlOptions options, string programName, TextWriter output, TextWriter error)
    {
        Datapaths = datapaths;
        Netdevs = netdevs;
        Options = options;
        ProgramName = programName;
        _out = output;
        _error = error;
    }

    public DpifRegistry Datapaths { get; }

    public NetdevRegistry Netdevs { get; }

    public DpctlOptions Options { get; }

    public string ProgramName { get; }

    /// <summary>Milliseconds on the clock the datapaths stamp flow use with (for "used:" in flow dumps).</summary>
    public Func<long> NowMilliseconds { get; init; } = static () => Environment.TickCount64;

    /// <summary>Standard input, for "add-flows DP -" (null: "-" is an ordinary file name).</summary>
    public TextReader? StandardInput { get; init; }

    /// <summary>The usage text "help" prints (ovs-dpctl's --help); null when there is none.</summary>
    public Action? Usage { get; init; }

    public void Print(string text) => _out.Write(text);

    /// <summary>dpctl_error: "PROGRAM: MESSAGE[ (strerror)]" and a new line.</summary>
    public void Error(int errno, string message)
    {
        string text = errno != 0
            ? $"{ProgramName}: {message} ({OvsErrno.RetvalToString(errno)})\n"
            : $"{ProgramName}: {message}\n";
        _error.Write(text);
    }

    /// <summary>dp_enumerate_names for one type: 0 and the names, or the errno of a provider that cannot list them.</summary>
    private int EnumerateNames(string type, out IReadOnlyList<string> names)
    {
        names = [];
        if (!Datapaths.TryGetProvider(type, out IDpifProvider? provider) || provider is null)
        {
            return OvsErrno.EAFNOSUPPORT;
        }

        int error = 0;
        if (provider is IDpifProviderEnumeration enumeration)
        {
            error = enumeration.TryEnumerateNames(out names);
        }
        else
        {
            names = provider.EnumerateNames();
        }

        if (error != 0)
        {
            s_dpifLog.Warn($"failed to enumerate {type} datapaths: {OvsErrno.StrError(error)}");
            names = [];
            return error;
        }

        // Upstream collects the names in a string set and walks it in hash order.
        names = OvsHash.StringMapOrder(names);
        return 0;
    }

    /// <summary>
    /// The registered datapath types in the order upstream walks its set of types (dp_enumerate_types). Upstream
    /// always has the kernel's "system" type among them, so it counts in the order even where it is absent here.
    /// </summary>
    private IEnumerable<string> TypesInUpstreamOrder()
    {
        IReadOnlyList<string> registered = Datapaths.Types;
        IEnumerable<string> all = registered.Contains(SystemType, StringComparer.Ordinal) ? registered : [.. registered, SystemType];
        return OvsHash.StringMapOrder(all).Where(t => registered.Contains(t, StringComparer.Ordinal));
    }

    /// <summary>get_one_dp: the "type@name" of the only datapath, or null after saying why there is none.</summary>
    private string? GetOneDp()
    {
        string? found = null;
        int count = 0;
        foreach (string type in TypesInUpstreamOrder())
        {
            if (EnumerateNames(type, out IReadOnlyList<string> names) != 0)
            {
                continue;
            }

            count += names.Count;
            if (found is null && count == 1)
            {
                found = $"{type}@{names[0]}";
            }
        }

        if (count == 0)
        {
            Error(0, "no datapaths exist");
        }
        else if (count > 1)
        {
            Error(0, "multiple datapaths, specify one");
            found = null;
        }

        return found;
    }

    /// <summary>dp_exists: whether "type@name" names a datapath that exists now.</summary>
    private bool DpExists(string datapathName)
    {
        (string type, string name) = DpifRegistry.ParseName(datapathName);
        return Datapaths.TryGetProvider(type, out _)
            && EnumerateNames(type, out IReadOnlyList<string> names) == 0
            && names.Contains(name, StringComparer.Ordinal);
    }

    private bool DpArgExists(string[] argv) => argv.Length > 1 && DpExists(argv[1]);

    /// <summary>
    /// opt_dpif_open: opens argv[1] when it names an existing datapath, else the only datapath, unless the
    /// arguments already fill maxArgs (counting the command name) so that none of them can be the datapath.
    /// </summary>
    private IDpif? OptDpifOpen(string[] argv, int maxArgs, out int error)
    {
        string? name;
        if (DpArgExists(argv))
        {
            name = argv[1];
        }
        else
        {
            name = argv.Length != maxArgs ? GetOneDp() : null;
        }

        if (name is null)
        {
            error = Einval;
            Error(error, "datapath not found");
            return null;
        }

        IDpif? dpif = OpenDatapath(name, false, out error);
        if (dpif is null)
        {
            Error(error, "opening datapath");
        }

        return dpif;
    }

    /// <summary>dpif_open or (create) dpif_create: the datapath, or null with error set.</summary>
    private IDpif? OpenDatapath(string name, bool create, out int error)
    {
        error = Datapaths.Open(name, create, out IDpif? dpif);
        if (error == 0 && dpif is null)
        {
            error = OvsErrno.ENODEV;
        }

        return error == 0 ? dpif : null;
    }

    /// <summary>dpif_name: "type@name".</summary>
    private static string FullName(IDpif dpif) => $"{dpif.Type}@{dpif.Name}";

    /// <summary>Port number → name, for --names output; null when names are off.</summary>
    private Dictionary<uint, string>? PortNumberNames(IDpif dpif)
    {
        if (!Options.UseNames)
        {
            return null;
        }

        var names = new Dictionary<uint, string>();
        foreach (DpifPort port in dpif.PortDump())
        {
            names[port.PortNumber] = port.Name;
        }

        return names;
    }

    /// <summary>Port name → number, for parsing "in_port(NAME)".</summary>
    private static Dictionary<string, uint> PortNameNumbers(IDpif dpif)
    {
        var names = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (DpifPort port in dpif.PortDump())
        {
            names[port.Name] = port.PortNumber;
        }

        return names;
    }

    /// <summary>C's atoi(): optional blanks and sign, then decimal digits up to the first other character.</summary>
    private static int Atoi(string text)
    {
        ReadOnlySpan<char> s = text.AsSpan().TrimStart(" \t\n\v\f\r");
        bool negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        long value = 0;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                break;
            }

            value = Math.Min((value * 10) + (c - '0'), (long)int.MaxValue + 1);
        }

        return unchecked((int)(negative ? -value : value));
    }

    /// <summary>ovs_scan "%u"-style: leading blanks, then an unsigned decimal that fits 32 bits.</summary>
    private static bool TryScanU32(string text, out uint value)
    {
        ReadOnlySpan<char> s = text.AsSpan().TrimStart(" \t\n\v\f\r");
        int end = 0;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        return uint.TryParse(s[..end], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    public int Help()
    {
        Usage?.Invoke();
        return 0;
    }

    /// <summary>list-commands: every command with its usage; dpctl/* names under unixctl, where "help" is absent.</summary>
    public int ListCommands()
    {
        var text = new System.Text.StringBuilder("The available commands are:\n");
        foreach (DpctlCommand command in DpctlCommands.All)
        {
            if (Options.IsAppctl && command.Name == "help")
            {
                continue;
            }

            text.Append("  ").Append(Options.IsAppctl ? "dpctl/" : string.Empty).Append(command.Name.PadRight(23)).Append(' ')
                .Append(command.Usage).Append('\n');
        }

        Print(text.ToString());
        return 0;
    }
}
