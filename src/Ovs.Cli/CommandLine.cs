// Upstream: glibc's getopt prints argv[0], not the program name that ovs_fatal() uses (OVS 3.1)
using System.Text;

namespace Ovs.Cli;

/// <summary>Facts about how the process was invoked.</summary>
public static class CommandLine
{
    private static readonly Lazy<string> s_argv0 = new(ReadArgv0);

    /// <summary>
    /// argv[0] exactly as the program was started ("/usr/bin/ovsdb-client", "ovs-vsctl", "./out/bin/ovs-vsctl"),
    /// read from /proc/self/cmdline because .NET rewrites it; the program name when that is unavailable.
    /// </summary>
    public static string Argv0 => s_argv0.Value;

    private static string ReadArgv0()
    {
        try
        {
            byte[] cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            string argv0 = Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            // Under "dotnet exec" or a test host argv[0] is the runtime, not an OVS program.
            return argv0.Length == 0 || Path.GetFileName(argv0) == "dotnet" ? Ovs.Common.OvsProgram.Name : argv0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Ovs.Common.OvsProgram.Name;
        }
    }
}
