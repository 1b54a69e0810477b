// Upstream: utilities/ovs-ofctl.c, ofctl_print_error() (OVS 3.1)
using System.Globalization;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class ErrorText
{
    /// <summary>
    /// One line per OpenFlow version that can encode <paramref name="error"/>:
    /// "OpenFlow 1.x: vendor V, type T, code C" (V is "0" or hex with "0x", as C's "%#x" prints it).
    /// </summary>
    public static string FormatEncodings(OfpError error)
    {
        var sb = new StringBuilder();
        for (byte version = OfpVersions.Min; version <= OfpVersions.Max; version++)
        {
            if (OfpErrorTable.TryGetMapping(error, version, out OfpErrorMapping m))
            {
                string vendor = m.Vendor == OfpErrorVendor.Of ? "0" : string.Create(CultureInfo.InvariantCulture, $"0x{(uint)m.Vendor:x}");
                sb.Append(CultureInfo.InvariantCulture, $"OpenFlow {OfpVersions.DottedName(version)}: vendor {vendor}, type {m.Type}, code {m.Code}\n");
            }
        }

        return sb.ToString();
    }
}
