// Upstream: lib/ofp-msgs.c, the warnings ofphdrs_decode() and ofpraw_check_length() log (OVS 3.1)
using System.Globalization;

namespace Ovs.OpenFlow.Wire;

/// <summary>What went wrong while classifying a message, in enough detail for the caller to log it.</summary>
internal enum OfpDecodeProblemKind : byte
{
    None,
    UnknownVendor,
    UnknownMessage,
    BadLength,
}

/// <summary>
/// The facts behind a classification failure. The codec does no logging; a caller that logs (as upstream's
/// ofp_msgs module does) formats these with <see cref="FormatWarning"/>, which only runs on this cold path.
/// </summary>
internal readonly record struct OfpDecodeProblem(
    OfpDecodeProblemKind Kind,
    byte Version,
    byte Type,
    bool IsStats,
    ushort Stat,
    uint Vendor,
    uint Subtype,
    OfpRawInfo? Info,
    int Length,
    int ExpectedLength)
{
    /// <summary>The warning upstream's ofp_msgs module logs for this problem, or null for none.</summary>
    public string? FormatWarning()
    {
        switch (Kind)
        {
            case OfpDecodeProblemKind.UnknownVendor:
                return string.Create(CultureInfo.InvariantCulture, $"OpenFlow message has unknown vendor {FormatHex(Vendor)}");
            case OfpDecodeProblemKind.UnknownMessage:
                string text = string.Create(CultureInfo.InvariantCulture, $"version {Version}, type {Type}");
                if (IsStats)
                {
                    text += string.Create(CultureInfo.InvariantCulture, $", stat {Stat}");
                }

                if (Vendor != 0)
                {
                    text += string.Create(CultureInfo.InvariantCulture, $", vendor 0x{Vendor:x}, subtype {Subtype}");
                }

                return $"unknown OpenFlow message ({text})";
            case OfpDecodeProblemKind.BadLength:
                string expected = Info!.ExtraMultiple switch
                {
                    0 => string.Create(CultureInfo.InvariantCulture, $"expected length {ExpectedLength}"),
                    1 => string.Create(CultureInfo.InvariantCulture, $"expected length at least {ExpectedLength} bytes"),
                    _ => string.Create(
                        CultureInfo.InvariantCulture,
                        $"must be exactly {ExpectedLength} bytes or longer by an integer multiple of {Info.ExtraMultiple} bytes"),
                };
                return string.Create(CultureInfo.InvariantCulture, $"received {Info.Name} with incorrect length {Length} ({expected})");
            default:
                return null;
        }
    }

    // C's "%#x": "0" for zero, else "0x..." in lower case.
    private static string FormatHex(uint value) => value == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"0x{value:x}");
}
