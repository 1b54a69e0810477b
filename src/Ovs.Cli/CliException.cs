// Upstream: lib/util.c, ovs_fatal() as command-line programs use it (OVS 3.1)
namespace Ovs.Cli;

/// <summary>
/// A fatal command-line error. The program's host catches it, prints "PROGRAM: message" (plus " (strerror)" when
/// <see cref="Errno"/> is nonzero) on stderr and exits with status 1, as upstream's ovs_fatal() does. Handlers throw
/// it instead of exiting so that tests can run them in-process.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(string message, int errno = 0)
        : base(message)
    {
        Errno = errno;
    }

    public CliException()
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The errno whose strerror() text follows the message, or 0 for none.</summary>
    public int Errno { get; }

    /// <summary>
    /// The name to print before the message instead of the program name. getopt's own diagnostics use argv[0]
    /// exactly as the program was invoked (see <see cref="CommandLine.Argv0"/>), unlike ovs_fatal().
    /// </summary>
    public string? ProgramName { get; init; }

    /// <summary>The line printed on stderr, without the newline.</summary>
    public string FormatLine() => ProgramName is null
        ? Ovs.Common.OvsError.Format(Errno, Message)
        : $"{ProgramName}: {Message}";

    /// <summary>A getopt diagnostic, printed after argv[0] as glibc prints it.</summary>
    public static CliException FromGetOpt(string error) => new(error) { ProgramName = CommandLine.Argv0 };
}
