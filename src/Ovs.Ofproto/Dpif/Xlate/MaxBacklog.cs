// Upstream: netdev_max_backlog() of lib/netdev-linux.c (OVS 3.1).
// The kernel's limit on packets queued per CPU (net.core.netdev_max_backlog): translation keeps in the slow path a
// flow whose actions output more packets than that. Read once from /proc; 1000 (the kernel's default) when it
// cannot be read or is implausibly small (100 or less).
using System.Globalization;

namespace Ovs.Ofproto.Dpif.Xlate;

internal static class MaxBacklog
{
    private const int Default = 1000;
    private const string Path = "/proc/sys/net/core/netdev_max_backlog";

    private static readonly Lazy<int> s_value = new(Read);

    public static int Value => s_value.Value;

    private static int Read()
    {
        try
        {
            string text = File.ReadAllText(Path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 100 ? n : Default;
        }
        catch (IOException)
        {
            return Default;
        }
        catch (UnauthorizedAccessException)
        {
            return Default;
        }
    }
}
