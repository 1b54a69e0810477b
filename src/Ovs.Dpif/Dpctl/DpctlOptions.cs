// Upstream: struct dpctl_params in lib/dpctl.h and the option loop of dpctl_unixctl_handler() in lib/dpctl.c
// (OVS 3.1).
// The options every dpctl command sees. ovs-dpctl takes them from its command line; the dpctl/* unixctl commands
// take them from the front of their own arguments ("dpctl/show -s dp"), where long options must be spelled out in
// full and short ones may be bundled ("-ms").
namespace Ovs.Dpif.Dpctl;

internal sealed class DpctlOptions
{
    /// <summary>-s, --statistics: port statistics in show, flow statistics after add/mod/del-flow.</summary>
    public bool PrintStatistics { get; set; }

    /// <summary>--clear: mod-flow resets the flow's statistics.</summary>
    public bool ZeroStatistics { get; set; }

    /// <summary>--may-create: mod-flow adds the flow when it does not exist.</summary>
    public bool MayCreate { get; set; }

    /// <summary>ovs-dpctl's --read-only: refuse the commands that change a datapath.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>-m, --more, once per occurrence.</summary>
    public int Verbosity { get; set; }

    /// <summary>--names or --no-names; when neither is given, names are used with -m.</summary>
    public bool? Names { get; set; }

    /// <summary>True when the commands run inside ovs-vswitchd (dpctl/*), false in ovs-dpctl.</summary>
    public bool IsAppctl { get; set; }

    public bool UseNames => Names ?? Verbosity > 0;

    /// <summary>
    /// Takes the options off the front of a dpctl/* command's arguments. Returns the remaining arguments, or null
    /// with error set to upstream's reply ("Unrecognized option -x").
    /// </summary>
    public static string[]? ParseUnixctl(string[] args, out DpctlOptions options, out string? error)
    {
        options = new DpctlOptions { IsAppctl = true };
        error = null;
        int i = 0;
        for (; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (!options.TryApplyLong(arg))
                {
                    error = $"Unrecognized option {arg}";
                    return null;
                }
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                foreach (char c in arg.AsSpan(1))
                {
                    if (!options.TryApplyShort(c))
                    {
                        error = $"Unrecognized option -{c}";
                        return null;
                    }
                }
            }
            else
            {
                break;
            }
        }

        return args[i..];
    }

    private bool TryApplyLong(string option)
    {
        switch (option)
        {
            case "--statistics":
                PrintStatistics = true;
                return true;
            case "--clear":
                ZeroStatistics = true;
                return true;
            case "--may-create":
                MayCreate = true;
                return true;
            case "--more":
                Verbosity++;
                return true;
            case "--names":
                Names = true;
                return true;
            case "--no-names":
                Names = false;
                return true;
            default:
                return false;
        }
    }

    private bool TryApplyShort(char option)
    {
        switch (option)
        {
            case 'm':
                Verbosity++;
                return true;
            case 's':
                PrintStatistics = true;
                return true;
            default:
                return false;
        }
    }
}
