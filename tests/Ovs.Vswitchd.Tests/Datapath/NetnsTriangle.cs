// Three network namespaces of a test's own: "switch", where the daemon under test runs, and two hosts, each joined
// to the switch by a veth pair (host side "eth0" with an address, switch side "p1"/"p2" with none). Deleting the
// namespaces on Dispose deletes the veth pairs with them. Commands run in a namespace through `ip netns exec`.
using System.Diagnostics;
using Ovs.TestKit;

namespace Ovs.Vswitchd.Tests.Datapath;

internal sealed class NetnsTriangle : IDisposable
{
    private readonly List<string> _created = [];

    private NetnsTriangle(string prefix, int subnet)
    {
        Switch = prefix + "-sw";
        Host1 = prefix + "-h1";
        Host2 = prefix + "-h2";
        Host1Address = $"10.231.{subnet}.1";
        Host2Address = $"10.231.{subnet}.2";
    }

    public string Switch { get; }

    public string Host1 { get; }

    public string Host2 { get; }

    public string Host1Address { get; }

    public string Host2Address { get; }

    public static NetnsTriangle Create(string prefix)
    {
        var net = new NetnsTriangle(prefix, (Environment.ProcessId % 250) + 1);
        try
        {
            foreach (string ns in new[] { net.Switch, net.Host1, net.Host2 })
            {
                Ip("netns", "add", ns);
                net._created.Add(ns);
                Ip("-n", ns, "link", "set", "lo", "up");
            }

            (string Host, string Port, string Address)[] links = [(net.Host1, "p1", net.Host1Address), (net.Host2, "p2", net.Host2Address)];
            foreach ((string host, string port, string address) in links)
            {
                Ip("-n", net.Switch, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host);
                Ip("-n", host, "addr", "add", address + "/24", "dev", "eth0");
                Ip("-n", host, "link", "set", "eth0", "up");
                Ip("-n", net.Switch, "link", "set", port, "up");
            }

            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>Runs a program in a namespace and waits for it, killing it after the timeout.</summary>
    public static ProgramResult Exec(string netns, string[] command, TimeSpan timeout) =>
        ProgramRunner.Run("ip", ["netns", "exec", netns, .. command], timeout: timeout);

    /// <summary>Starts a program in a namespace without waiting; its output is discarded.</summary>
    public static Process Start(string netns, string[] command)
    {
        var start = new ProcessStartInfo("ip")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in (string[])["netns", "exec", netns, .. command])
        {
            start.ArgumentList.Add(a);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ip netns exec");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public void Dispose()
    {
        foreach (string ns in _created)
        {
            try
            {
                Ip("netns", "del", ns);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static void Ip(params string[] args)
    {
        ProgramResult r = ProgramRunner.Run("ip", args, timeout: TimeSpan.FromSeconds(10));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {r.Stderr}");
        }
    }
}
