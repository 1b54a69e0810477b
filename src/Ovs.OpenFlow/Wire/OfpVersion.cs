// Upstream: include/openflow/openflow-common.h, enum ofp_version (OVS 3.1)
namespace Ovs.OpenFlow.Wire;

/// <summary>The OpenFlow versions this codec speaks; the wire value is the header's version byte.</summary>
internal enum OfpVersion : byte
{
    Of10 = 0x01,
    Of11 = 0x02,
    Of12 = 0x03,
    Of13 = 0x04,
    Of14 = 0x05,
    Of15 = 0x06,
}

internal static class OfpVersions
{
    public const byte Min = (byte)OfpVersion.Of10;
    public const byte Max = (byte)OfpVersion.Of15;

    public static bool IsKnown(byte version) => version is >= Min and <= Max;

    /// <summary>"1.0" ... "1.5" for a known version.</summary>
    public static string DottedName(byte version) => $"1.{version - 1}";

    /// <summary>What ofp-print puts after a message's name: nothing for 1.0, " (OF1.x)", or " (OF 0xNN)".</summary>
    public static string PrintSuffix(byte version) => version switch
    {
        Min => string.Empty,
        > Min and <= Max => $" (OF1.{version - 1})",
        _ => $" (OF 0x{version:x2})",
    };

    /// <summary>The bitmap of versions 1 through <paramref name="version"/> (what a hello without a bitmap means).</summary>
    public static uint BitmapUpTo(byte version) => unchecked(((version < 32 ? 1u << version : 0u) - 1u) << 1);
}
