// Skips kernel-device tests unless they can run in a private network namespace: root and the ip tool are needed.
namespace Ovs.Netdev.Tests.Linux;

public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        string? reason = NetnsSandbox.UnavailableReason();
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
