// Upstream: include/openvswitch/ofp-msgs.h, the message families of the OFPRAW_* catalogue (OVS 3.1)
namespace Ovs.OpenFlow.Wire;

/// <summary>How a message is identified on the wire: by header type, by stats type, or by vendor and subtype.</summary>
internal enum OfpRawKind : byte
{
    /// <summary>Standard message, identified by ofp_header.type.</summary>
    Ofpt,

    /// <summary>Standard statistics (multipart) message, identified by its stats type.</summary>
    Ofpst,

    /// <summary>Nicira vendor message (vendor 0x00002320), identified by subtype.</summary>
    Nxt,

    /// <summary>Nicira vendor statistics message, identified by subtype.</summary>
    Nxst,

    /// <summary>ONF experimenter message (vendor 0x4f4e4600), identified by subtype.</summary>
    Onft,

    /// <summary>ONF experimenter statistics message, identified by subtype.</summary>
    Onfst,
}
