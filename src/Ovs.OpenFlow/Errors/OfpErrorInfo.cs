// Upstream: include/openvswitch/ofp-errors.h, one OFPERR_* entry (OVS 3.1)
namespace Ovs.OpenFlow.Errors;

/// <summary>One encoding of an error in the versions <see cref="MinVersion"/> through <see cref="MaxVersion"/>.</summary>
internal readonly record struct OfpErrorMapping(OfpErrorVendor Vendor, byte MinVersion, byte MaxVersion, ushort Type, ushort Code);

/// <summary>An error's name (as ofp-print shows it), its description, and its encodings.</summary>
internal sealed record OfpErrorInfo(OfpError Error, string Name, string Description, OfpErrorMapping[] Mappings);
