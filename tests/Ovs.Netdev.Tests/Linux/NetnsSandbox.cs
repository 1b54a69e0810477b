// A network namespace of the test's own, with a veth pair v0/v1 in it, deleted on Dispose. Test code that touches
// kernel devices runs through Run, on a dedicated thread that has joined the namespace (setns affects only the
// calling thread), so nothing in the host's namespace is created or changed.
using System.Diagnostics;
using System.Runtime.InteropServices;
using Ovs.Netdev.Native;

namespace Ovs.Netdev.Tests.Linux;

internal sealed partial class NetnsSandbox : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int s_counter;

    private NetnsSandbox(string name) => Name = name;

    public string Name { get; }

    public static string? UnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (Environment.UserName != "root" && GetEuid() != 0)
        {
            return "needs root to create a network namespace";
        }

        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
        {
            return "the ip tool (iproute2) is missing";
        }

        return File.Exists("/dev/net/tun") ? null : "/dev/net/tun is missing";
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    /// <summary>Creates the namespace and a veth pair v0/v1 in it, both up.</summary>
    public static NetnsSandbox Create()
    {
        string name = $"ovsnd-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";
        var sandbox = new NetnsSandbox(name);
        try
        {
            Ip($"netns add {name}");
            Ip($"-n {name} link add v0 type veth peer name v1");
            Ip($"-n {name} link set v0 up");
            Ip($"-n {name} link set v1 up");
            Ip($"-n {name} link set lo up");
            return sandbox;
        }
        catch
        {
            sandbox.Dispose();
            throw;
        }
    }

    public static string Ip(string arguments)
    {
        var start = new ProcessStartInfo("ip", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(10_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ip {arguments} did not finish in 10 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {arguments} failed: {error.Result}");
        }

        return output.Result;
    }

    /// <summary>Runs <paramref name="body"/> inside the namespace, failing if it takes longer than the timeout.</summary>
    public void Run(Action body, int timeoutMilliseconds = 30_000)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                string path = File.Exists($"/run/netns/{Name}") ? $"/run/netns/{Name}" : $"/var/run/netns/{Name}";
                using (SafeHandle ns = File.OpenHandle(path))
                {
                    if (LinuxNative.SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                    {
                        throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
                    }
                }

                body();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        })
        {
            IsBackground = true,
            Name = "netns " + Name,
        };
        thread.Start();
        if (!thread.Join(timeoutMilliseconds))
        {
            throw new TimeoutException($"test body in {Name} did not finish in {timeoutMilliseconds} ms");
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("test body failed inside the namespace", failure);
        }
    }

    public void Dispose()
    {
        try
        {
            Ip($"netns del {Name}");
        }
        catch (InvalidOperationException)
        {
            // Already gone (creation failed half way).
        }
    }
}
