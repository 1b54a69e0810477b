// Upstream: struct mf_field in include/openvswitch/meta-flow.h (OVS 3.1).
// The description of one field. Instances live only in FieldTable and are compared by reference.
namespace Ovs.Flow.Fields;

internal sealed class FieldInfo
{
    public FieldInfo(
        FieldId id, string name, string? extraName, int bits, int significantBits, FieldFormat format, bool maskable,
        FieldPrereq prereq, bool writable, OfSupport of10, OfSupport of11, bool variableLength, OxmHeader[] headers)
    {
        Id = id;
        Name = name;
        ExtraName = extraName;
        Bits = bits;
        Size = (bits + 7) / 8;
        SignificantBits = significantBits;
        Format = format;
        Maskable = maskable;
        Prereq = prereq;
        Writable = writable;
        Of10 = of10;
        Of11 = of11;
        VariableLength = variableLength;
        Headers = new OxmHeader[headers.Length];
        for (int i = 0; i < headers.Length; i++)
        {
            OxmHeader h = headers[i];
            Headers[i] = new OxmHeader(h.Class, h.Field, false, (byte)(Size + (h.IsExperimenter ? 4 : 0)), h.Experimenter, h.Name, h.Version);
        }
    }

    public FieldId Id { get; }

    public string Name { get; }

    /// <summary>The second name ovs-ofctl accepts ("nw_src" for ip_src), or null.</summary>
    public string? ExtraName { get; }

    public int Bits { get; }

    /// <summary>Size of the value in bytes (the field's wire width in NXM/OXM).</summary>
    public int Size { get; }

    /// <summary>Number of low-order bits that may be nonzero (ovs-fields(7) "only the least-significant N bits").</summary>
    public int SignificantBits { get; }

    public FieldFormat Format { get; }

    public bool Maskable { get; }

    public FieldPrereq Prereq { get; }

    public bool Writable { get; }

    public OfSupport Of10 { get; }

    public OfSupport Of11 { get; }

    /// <summary>True for tun_metadata fields, whose NXM length may be shorter than their maximum width.</summary>
    public bool VariableLength { get; }

    /// <summary>NXM/OXM headers (hasmask clear), oldest OpenFlow version first; see FieldTable.</summary>
    public OxmHeader[] Headers { get; }

    /// <summary>The header to use for OpenFlow wire version (1 = OF1.0 ... 6 = OF1.5); 0 prefers NXM headers.</summary>
    public OxmHeader? Header(int version)
    {
        if (Headers.Length == 0)
        {
            return null;
        }

        OxmHeader chosen = Headers[0];
        foreach (OxmHeader h in Headers)
        {
            if (version >= h.Version)
            {
                chosen = h;
            }
        }

        return chosen;
    }

    /// <summary>Protocols that can carry an exact match on the field (upstream usable_protocols_exact).</summary>
    public ProtocolSet UsableExact => ToProtocols(BaseProtocols());

    /// <summary>Protocols that can carry a CIDR-masked match on the field (usable_protocols_cidr).</summary>
    public ProtocolSet UsableCidr => Maskable ? ToProtocols(MaskedProtocols(cidr: true)) : ProtocolSet.None;

    /// <summary>Protocols that can carry an arbitrarily masked match on the field (usable_protocols_bitwise).</summary>
    public ProtocolSet UsableBitwise => Maskable ? ToProtocols(MaskedProtocols(cidr: false)) : ProtocolSet.None;

    public override string ToString() => Name;

    // "of10", "of11", "oxm" (any NXM or OXM header) as bits 1, 2, 4. dl_vlan and dl_vlan_pcp have no header of their
    // own but every protocol can express them.
    private int BaseProtocols()
    {
        if (Id is FieldId.DlVlan or FieldId.DlVlanPcp)
        {
            return 7;
        }

        return (Of10 != OfSupport.None ? 1 : 0) | (Of11 != OfSupport.None ? 2 : 0) | (Headers.Length > 0 ? 4 : 0);
    }

    private int MaskedProtocols(bool cidr)
    {
        int p = BaseProtocols();
        if (Of10 == OfSupport.Exact || (Of10 == OfSupport.Cidr && !cidr))
        {
            p &= ~1;
        }

        if (Of11 == OfSupport.Exact)
        {
            p &= ~2;
        }

        return p;
    }

    private static ProtocolSet ToProtocols(int p) => p switch
    {
        7 => ProtocolSet.Any,
        6 => ProtocolSet.NxmOf11Up,
        4 => ProtocolSet.NxmOxmAny,
        0 => ProtocolSet.None,
        _ => throw new InvalidOperationException("field protocol support outside upstream's combinations"),
    };
}
