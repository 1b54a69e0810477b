// Upstream: lib/util.c, ovs_error() and ovs_fatal() (OVS 3.1)
//
// The two ways a program reports a problem to the person running it: a non-fatal "PROGRAM: message" line on
// stderr, and the fatal form that prints the same and exits with status 1. With an errno the line ends in
// " (strerror)"; EOF prints "End of file", as upstream's ovs_retval_to_string() has it. Fatal errors are also written to the log file when one
// is open (at EMER, module util), so a daemon's log records why it died; the console copy is the stderr line.
using System.Diagnostics.CodeAnalysis;
using Ovs.Common.Logging;

namespace Ovs.Common;

/// <summary>Non-fatal error and warning lines: "PROGRAM: message[ (strerror)]" on stderr.</summary>
public static class OvsError
{
    private static TextWriter? s_errorOverride;

    /// <summary>Redirects stderr output (tests); null restores stderr.</summary>
    internal static TextWriter? ErrorOverride
    {
        get => Volatile.Read(ref s_errorOverride);
        set => Volatile.Write(ref s_errorOverride, value);
    }


    /// <summary>The line as printed, without the newline: "PROGRAM: message" or "PROGRAM: message (strerror)".</summary>
    public static string Format(int errno, string message)
    {
        string program = OvsProgram.Name;
        return errno switch
        {
            0 => $"{program}: {message}",
            _ => $"{program}: {message} ({OvsErrno.RetvalToString(errno)})",
        };
    }

    /// <summary>Prints "PROGRAM: message" to stderr.</summary>
    public static void Warn(string message) => Warn(0, message);

    /// <summary>Prints "PROGRAM: message (strerror)" to stderr (no suffix when <paramref name="errno"/> is 0).</summary>
    public static void Warn(int errno, string message)
    {
        string line = Format(errno, message) + "\n";
        if (ErrorOverride is { } writer)
        {
            writer.Write(line);
        }
        else
        {
            StandardError.Write(line);
        }
    }
}

/// <summary>Fatal errors: print as <see cref="OvsError"/> does, log to the log file, and exit with status 1.</summary>
public static class OvsFatal
{
    private static readonly VlogModule s_log = VlogModule.Get("util");

    /// <summary>Prints "PROGRAM: message" to stderr and exits 1.</summary>
    [DoesNotReturn]
    public static void Fatal(string message) => Fatal(0, message);

    /// <summary>Prints "PROGRAM: message (strerror)" to stderr and exits 1.</summary>
    [DoesNotReturn]
    public static void Fatal(int errno, string message) => Fatal(s_log, errno, message);

    /// <summary>
    /// As <see cref="Fatal(int, string)"/>, logging to the log file under <paramref name="module"/> (upstream logs
    /// fatal errors under the module that raised them, e.g. daemon_unix for pidfile errors).
    /// </summary>
    [DoesNotReturn]
    public static void Fatal(VlogModule module, int errno, string message)
    {
        string line = OvsError.Format(errno, message);
        OvsError.Warn(errno, message);
        Vlog.WriteFileOnly(module, VlogLevel.Emer, line[(OvsProgram.Name.Length + 2)..]);
        Environment.Exit(1);
        throw new InvalidOperationException("unreachable: Environment.Exit returned");
    }
}
