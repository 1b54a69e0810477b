// Upstream: dpctl_add_if(), dpctl_set_if(), get_port_number() and dpctl_del_if() in lib/dpctl.c (OVS 3.1).
// An interface argument is "NAME[,KEY=VALUE]...": "type" and "port_no" are dpctl's own keys and every other pair
// is a netdev option (the Interface table's options column). Like upstream's strtok_r() parsing, empty pieces
// between commas are skipped, a piece without "=" has an empty value and the value is everything after the first
// "=".
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Netdev;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    private static readonly VlogModule s_netdevLog = VlogModule.Get("netdev");

    public int AddIf(string[] argv) => ForEachInterface(argv, AddOneInterface);

    public int SetIf(string[] argv) => ForEachInterface(argv, SetOneInterface);

    public int DelIf(string[] argv) => ForEachInterface(argv, DeleteOneInterface);

    // Opens the datapath argv[1] and applies the command to each later argument in turn; the result is the last
    // failure's error (0 when all succeeded).
    private int ForEachInterface(string[] argv, Func<IDpif, string, string, int> command)
    {
        IDpif? dpif = OpenDatapath(argv[1], false, out int error);
        if (dpif is null)
        {
            Error(error, "opening datapath");
            return error;
        }

        int lastError = 0;
        using (dpif)
        {
            foreach (string arg in argv.AsSpan(2))
            {
                error = command(dpif, argv[1], arg);
                if (error != 0)
                {
                    lastError = error;
                }
            }
        }

        return lastError;
    }

    private int AddOneInterface(IDpif dpif, string datapathName, string arg)
    {
        List<string> pieces = SplitInterfaceArgument(arg);
        if (pieces.Count == 0)
        {
            Error(0, $"{arg} is not a valid network device name");
            return Einval;
        }

        string name = pieces[0];
        string type = "system";
        uint? portNumber = null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string piece in pieces.Skip(1))
        {
            (string key, string value) = SplitOption(piece);
            if (key == "type")
            {
                type = value;
            }
            else if (key == "port_no")
            {
                portNumber = unchecked((uint)Atoi(value));
            }
            else if (!options.TryAdd(key, value))
            {
                Error(0, $"duplicate \"{key}\" option");
            }
        }

        int error = Netdevs.Open(name, type, out INetdev? netdev);
        if (error != 0)
        {
            Error(error, $"{name}: failed to open network device");
            return error;
        }

        try
        {
            if (netdev!.SetConfig(options) is string configError)
            {
                s_netdevLog.Warn($"{name}: could not set configuration ({configError})");
                return Einval;
            }

            error = dpif.PortAdd(name, type, ref portNumber);
            if (error != 0)
            {
                Error(error, $"adding {name} to {datapathName} failed");
                return error;
            }

            error = netdev.UpdateFlags(NetdevFlags.None, NetdevFlags.Up, out _);
            if (error != 0)
            {
                Error(error, $"{name}: failed bringing interface up");
            }

            return error;
        }
        finally
        {
            Netdevs.Close(netdev!);
        }
    }

    private int SetOneInterface(IDpif dpif, string datapathName, string arg)
    {
        List<string> pieces = SplitInterfaceArgument(arg);
        if (pieces.Count == 0)
        {
            // Upstream reports this without counting it as a failure.
            Error(0, $"{arg} is not a valid network device name");
            return 0;
        }

        string name = pieces[0];
        int error = dpif.PortQueryByName(name, out DpifPort? port);
        if (error != 0 || port is null)
        {
            error = error != 0 ? error : OvsErrno.ENODEV;
            Error(error, $"{name}: failed to query port in {datapathName}");
            return error;
        }

        error = Netdevs.Open(name, port.Type, out INetdev? netdev);
        if (error != 0)
        {
            Error(error, $"{name}: failed to open network device");
            return error;
        }

        try
        {
            var options = new Dictionary<string, string>(netdev!.GetConfig(), StringComparer.Ordinal);
            foreach (string piece in pieces.Skip(1))
            {
                (string key, string value) = SplitOption(piece);
                if (key == "type")
                {
                    if (value != port.Type)
                    {
                        Error(0, $"{name}: can't change type from {port.Type} to {value}");
                        return Einval;
                    }
                }
                else if (key == "port_no")
                {
                    int requested = Atoi(value);
                    if (port.PortNumber != unchecked((uint)requested))
                    {
                        Error(0, $"{name}: can't change port number from {port.PortNumber} to {requested}");
                        return Einval;
                    }
                }
                else if (value.Length == 0)
                {
                    options.Remove(key);
                }
                else
                {
                    options[key] = value;
                }
            }

            if (netdev.SetConfig(options) is string configError)
            {
                Error(Einval, configError);
                return Einval;
            }

            return 0;
        }
        finally
        {
            Netdevs.Close(netdev!);
        }
    }

    private int DeleteOneInterface(IDpif dpif, string datapathName, string name)
    {
        uint portNumber;
        if (!name.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            portNumber = unchecked((uint)Atoi(name));
        }
        else if (dpif.PortQueryByName(name, out DpifPort? port) == 0 && port is not null)
        {
            portNumber = port.PortNumber;
        }
        else
        {
            Error(0, $"no port named {name}");
            return OvsErrno.ENOENT;
        }

        int error = dpif.PortDel(portNumber);
        if (error != 0)
        {
            Error(error, $"deleting port {name} from {datapathName} failed");
        }

        return error;
    }

    /// <summary>strtok_r(arg, ","): the non-empty pieces between commas.</summary>
    private static List<string> SplitInterfaceArgument(string arg) =>
        [.. arg.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// A "KEY=VALUE" piece as strtok_r() splits it: leading "=" are skipped, the key ends at the next "=", and the
    /// value is the rest after that one "=" (empty when there is none).
    /// </summary>
    private static (string Key, string Value) SplitOption(string piece)
    {
        string trimmed = piece.TrimStart('=');
        int equals = trimmed.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (trimmed, string.Empty) : (trimmed[..equals], trimmed[(equals + 1)..]);
    }
}
