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

    public override string ToString() => Name;
}
