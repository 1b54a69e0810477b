// Upstream: ofputil_decode_flow_mod_flags(), ofputil_encode_flow_mod_flags() and ofputil_flow_mod_flags_format()
// (lib/ofp-flow.c, OVS 3.1).
// The flags a flow carries (in flow_mods and in flow statistics) independent of version. On the wire each flag has
// its own bit and a range of versions: send_flow_rem and check_overlap everywhere, emerg only in OpenFlow 1.0 (where
// its bit is reset_counts' bit of 1.2+), the two "no counts" flags from 1.3. A bit outside the version's set is
// OFPFMFC_BAD_FLAGS.
using System.Text;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Messages;

[Flags]
internal enum OfpFlowModFlags : ushort
{
    None = 0,
    SendFlowRem = 1 << 0,
    NoPacketCounts = 1 << 1,
    NoByteCounts = 1 << 2,
    CheckOverlap = 1 << 3,
    ResetCounts = 1 << 4,
    Emerg = 1 << 5,
}

internal static class OfpFlowModFlagCodec
{
    // (wire bit, first version, last version, flag), in upstream's order.
    private static readonly (ushort Raw, byte Min, byte Max, OfpFlowModFlags Flag)[] s_bits =
    [
        (1, 1, 255, OfpFlowModFlags.SendFlowRem),
        (2, 1, 255, OfpFlowModFlags.CheckOverlap),
        (4, 1, 1, OfpFlowModFlags.Emerg),
        (4, 3, 255, OfpFlowModFlags.ResetCounts),
        (8, 4, 255, OfpFlowModFlags.NoPacketCounts),
        (16, 4, 255, OfpFlowModFlags.NoByteCounts),
    ];

    /// <summary>Decodes wire flags of <paramref name="version"/>; OFPFMFC_BAD_FLAGS if a bit is not defined there.</summary>
    public static OfpError Decode(ushort raw, byte version, out OfpFlowModFlags flags)
    {
        flags = OfpFlowModFlags.None;
        foreach ((ushort bit, byte min, byte max, OfpFlowModFlags flag) in s_bits)
        {
            if ((raw & bit) != 0 && version >= min && version <= max)
            {
                raw &= (ushort)~bit;
                flags |= flag;
            }
        }

        return raw != 0 ? OfpError.OfpfmfcBadFlags : OfpError.None;
    }

    /// <summary>The wire bits of <paramref name="flags"/> that exist in <paramref name="version"/>.</summary>
    public static ushort Encode(OfpFlowModFlags flags, byte version)
    {
        ushort raw = 0;
        foreach ((ushort bit, byte min, byte max, OfpFlowModFlags flag) in s_bits)
        {
            if ((flags & flag) != 0 && version >= min && version <= max)
            {
                raw |= bit;
            }
        }

        return raw;
    }

    /// <summary>Each flag's name followed by a space, as ovs-ofctl prints them in a flow.</summary>
    public static void Format(StringBuilder sb, OfpFlowModFlags flags)
    {
        Append(sb, flags, OfpFlowModFlags.SendFlowRem, "send_flow_rem ");
        Append(sb, flags, OfpFlowModFlags.CheckOverlap, "check_overlap ");
        Append(sb, flags, OfpFlowModFlags.ResetCounts, "reset_counts ");
        Append(sb, flags, OfpFlowModFlags.NoPacketCounts, "no_packet_counts ");
        Append(sb, flags, OfpFlowModFlags.NoByteCounts, "no_byte_counts ");
    }

    private static void Append(StringBuilder sb, OfpFlowModFlags flags, OfpFlowModFlags flag, string text)
    {
        if ((flags & flag) != 0)
        {
            sb.Append(text);
        }
    }
}
