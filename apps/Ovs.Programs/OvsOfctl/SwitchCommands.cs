// Upstream: utilities/ovs-ofctl.c, open_vconn__() and open_vconn_socket() (OVS 3.1)
//
// Finds the switch a command names, in upstream's order: a connection method (anything with ':') as is; otherwise
// NAME itself, then OVS_RUNDIR/NAME.mgmt, then OVS_RUNDIR/DATAPATH.mgmt (DATAPATH is NAME without a "type@"
// prefix) as Unix sockets ("snoop" instead of "mgmt" for snoop). A missing file moves on to the next candidate; any
// other failure is fatal; none found is "NAME is not a bridge or a socket". The OpenFlow session itself comes with
// the switch-side work, so a switch that is found is reported as not yet supported rather than half-served.
using System.Net.Sockets;
using Ovs.Cli;
using Ovs.Common;

namespace Ovs.Programs.OvsOfctl;

internal static class SwitchCommands
{
    public static void Run(string command, OfctlContext ctx)
    {
        string target = ctx.Args[0];
        string suffix = command == "snoop" ? "snoop" : "mgmt";
        string found = Resolve(target, suffix);
        throw new CliException($"{found}: '{command}' over an OpenFlow connection is not implemented yet");
    }

    private static string Resolve(string name, string suffix)
    {
        if (name.Contains(':', StringComparison.Ordinal))
        {
            if (name.StartsWith("unix:", StringComparison.Ordinal))
            {
                int error = TryConnectUnix(name["unix:".Length..]);
                if (error != 0)
                {
                    throw new CliException($"connecting to {name}", error);
                }
            }

            return name;
        }

        int at = name.IndexOf('@', StringComparison.Ordinal);
        string datapath = at >= 0 ? name[(at + 1)..] : name;
        foreach (string candidate in (string[])[name, $"{OvsPaths.RunDir}/{name}.{suffix}", $"{OvsPaths.RunDir}/{datapath}.{suffix}"])
        {
            int error = TryConnectUnix(candidate);
            if (error == 0)
            {
                return $"unix:{candidate}";
            }

            if (error != OvsErrno.ENOENT)
            {
                throw new CliException($"{candidate}: failed to open socket ({OvsErrno.StrError(error)})");
            }
        }

        throw new CliException($"{name} is not a bridge or a socket");
    }

    private static int TryConnectUnix(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return OvsErrno.ENOENT;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return 0;
        }
        catch (SocketException e)
        {
            return OvsErrno.FromUnixSocketException(e);
        }
    }
}
