// Upstream: lib/ofp-msgs.c, struct raw_info (OVS 3.1)
namespace Ovs.OpenFlow.Wire;

/// <summary>
/// One row of the message catalogue. <see cref="MinBody"/> is the fixed body size after all headers;
/// <see cref="ExtraMultiple"/> is 0 when the body is exactly that size, 1 when any number of bytes may follow, and
/// otherwise the size of each trailing element.
/// </summary>
internal sealed record OfpRawInfo(
    OfpRaw Raw,
    OfpRawKind Kind,
    byte MinVersion,
    byte MaxVersion,
    uint Number,
    int MinBody,
    int ExtraMultiple,
    string Name)
{
    public const uint NiciraVendor = 0x00002320;
    public const uint OnfVendor = 0x4f4e4600;

    public bool IsStats => Kind is OfpRawKind.Ofpst or OfpRawKind.Nxst or OfpRawKind.Onfst;

    public bool IsStatsReply => IsStats && Name.EndsWith(" reply", StringComparison.Ordinal);

    public uint Vendor => Kind switch
    {
        OfpRawKind.Nxt or OfpRawKind.Nxst => NiciraVendor,
        OfpRawKind.Onft or OfpRawKind.Onfst => OnfVendor,
        _ => 0,
    };

    public bool Supports(byte version) => version >= MinVersion && version <= MaxVersion;

    /// <summary>The size of the headers (ofp_header plus stats, vendor and subtype headers) in <paramref name="version"/>.</summary>
    public int HeaderSize(byte version) => Kind switch
    {
        OfpRawKind.Ofpt => OfpHeader.Size,
        OfpRawKind.Nxt or OfpRawKind.Onft => 16,
        OfpRawKind.Ofpst => version == OfpVersions.Min ? 12 : 16,
        _ => 24,
    };

    /// <summary>The header type byte in <paramref name="version"/>.</summary>
    public byte HeaderType(byte version) => Kind switch
    {
        OfpRawKind.Ofpt => (byte)Number,
        OfpRawKind.Nxt or OfpRawKind.Onft => OfpHeader.TypeVendor,
        _ => (byte)((version == OfpVersions.Min ? 16 : 18) + (IsStatsReply ? 1 : 0)),
    };
}
