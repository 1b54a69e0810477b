// Upstream: ofputil_port_from_string() and ofputil_format_port() of lib/ofp-port.c (OVS 3.1).
// OpenFlow 1.0 port numbers as text: reserved ports by name (IN_PORT, TABLE, NORMAL, FLOOD, ALL, CONTROLLER, LOCAL,
// ANY, UNSET; "NONE" is accepted for ANY), other ports in decimal. OpenFlow 1.1+ numbers 0xffffff00 and up are
// accepted and mapped onto the 16-bit reserved range. A negative number or one between the two ranges is refused
// with upstream's warning (module ofp_port).
using System.Globalization;
using Ovs.Common.Logging;

namespace Ovs.Flow.Text;

internal static class OfpPortText
{
    private static readonly VlogModule s_log = VlogModule.Get("ofp_port");

    private static readonly (string Name, ushort Port)[] s_named =
    [
        ("IN_PORT", 0xfff8), ("TABLE", 0xfff9), ("NORMAL", 0xfffa), ("FLOOD", 0xfffb), ("ALL", 0xfffc),
        ("CONTROLLER", 0xfffd), ("LOCAL", 0xfffe), ("ANY", 0xffff), ("UNSET", 0xfff7), ("NONE", 0xffff),
    ];

    public static string? ReservedName(ushort port)
    {
        foreach ((string name, ushort p) in s_named)
        {
            if (p == port)
            {
                return name;
            }
        }

        return null;
    }

    public static string Format(ushort port) => ReservedName(port) ?? port.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string s, out ushort port)
    {
        port = 0;
        if (s.Length > 0 && s[0] == '-')
        {
            s_log.Log(VlogLevel.Warn, $"Negative value {s} is not a valid port number.");
            return false;
        }

        if (s.Length > 0 && char.IsAsciiDigit(s[0]) && uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out uint port32))
        {
            if (port32 <= 0xffff)
            {
                port = (ushort)port32;
                return true;
            }

            if (port32 < 0xffffff00)
            {
                s_log.Log(VlogLevel.Warn, $"port {port32} is outside the supported range 0 through ffff or 0xffffff00 through 0xffffffff");
                return false;
            }

            port = (ushort)(port32 - 0xffff0000);
            return true;
        }

        foreach ((string name, ushort p) in s_named)
        {
            if (string.Equals(name, s, StringComparison.OrdinalIgnoreCase))
            {
                port = p;
                return true;
            }
        }

        return false;
    }
}
