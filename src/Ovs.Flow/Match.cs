// Upstream: struct match in include/openvswitch/match.h, lib/match.c and the field accessors of lib/meta-flow.c
// (OVS 3.1).
// A flow plus wildcards: the bits of Flow that Wildcards marks are the bits a packet must equal. Invariant:
// Flow holds zeros wherever Wildcards holds zeros, so two matches are equal exactly when their words are equal
// and hashing needs no masking. Field access goes through FieldStorage, so every field is read and written the
// same way; the few fields whose upstream setters touch more than their own bits (the VLAN CFI bit, OpenFlow 1.1
// port numbers) are handled in FieldAccess.
namespace Ovs.Flow;

internal struct Match : IEquatable<Match>
{
    public FlowData Flow;

    public FlowWildcards Wildcards;

    /// <summary>Where this match's tun_metadata options sit in the option space (no TLV table).</summary>
    public TunMetadataAllocation TunMetadata;

    /// <summary>A match that matches every packet (all fields wildcarded).</summary>
    public static Match CatchAll => default;

    public readonly bool IsCatchAll => Wildcards.IsCatchAll;

    public readonly bool Equals(Match other) => Flow.Equals(other.Flow) && Wildcards.Equals(other.Wildcards);

    public override readonly bool Equals(object? obj) => obj is Match other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Flow.GetHashCode(), Wildcards.GetHashCode());

    public static bool operator ==(Match a, Match b) => a.Equals(b);

    public static bool operator !=(Match a, Match b) => !a.Equals(b);

    /// <summary>Packet type 0 (Ethernet) matched exactly, the default that OpenFlow matches imply.</summary>
    public readonly bool HasDefaultPacketType =>
        Flow.U32(FlowLayout.PacketType) == 0 && Wildcards.Masks.U32(FlowLayout.PacketType) == uint.MaxValue;

    /// <summary>Requires Ethernet packets unless the match already says something about the packet type.</summary>
    public void SetDefaultPacketType()
    {
        if (Wildcards.Masks.U32(FlowLayout.PacketType) != 0)
        {
            return;
        }

        Flow.SetU32(FlowLayout.PacketType, 0);
        Wildcards.Masks.SetU32(FlowLayout.PacketType, uint.MaxValue);
    }

    /// <summary>The Ethernet type the flow implies: dl_type for Ethernet packets, else from the packet type.</summary>
    public readonly ushort DlType
    {
        get
        {
            uint pt = Flow.U32(FlowLayout.PacketType);
            if (pt == 0)
            {
                return Flow.U16(FlowLayout.DlType);
            }

            return (pt >> 16) == 1 ? (ushort)pt : Packets.EthType.None;
        }
    }
}
