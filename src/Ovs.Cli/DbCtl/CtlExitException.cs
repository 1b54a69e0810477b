// Upstream: lib/db-ctl-base.c, ctl_exit() as commands like "br-exists" use it (OVS 3.1)
namespace Ovs.Cli.DbCtl;

/// <summary>Ends the program quietly with <see cref="Status"/> (for example 2 from "br-exists").</summary>
public sealed class CtlExitException : Exception
{
    public CtlExitException(int status)
        : base($"exit status {status}")
    {
        Status = status;
    }

    public CtlExitException()
    {
    }

    public CtlExitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; }
}
