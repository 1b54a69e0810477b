// Upstream: the *usable_protocols updates made while parsing actions in lib/ofp-actions.c (parse_SET_FIELD(),
// parse_METER(), parse_PUSH_VLAN(), parse_WRITE_METADATA()), OVS 3.1.
//
// Some actions can only be sent in some protocols whatever the match: a set_field of a field that only NXM/OXM
// name, meter (OpenFlow 1.3+), push_vlan (OpenFlow 1.1+; OpenFlow 1.0's mod_vlan_vid pushes implicitly instead)
// and write_metadata (NXM or OpenFlow 1.1+). ActionChecker adds what depends on the match.
using Ovs.Flow.Fields;

namespace Ovs.OpenFlow.Actions;

internal static class ActionUsability
{
    /// <summary>
    /// The protocols that can carry every action in <paramref name="actions"/> (nested ones included). Where
    /// instructions are not allowed (<paramref name="instructions"/> false: group buckets, and every nested list),
    /// meter can only be OpenFlow 1.5's meter action.
    /// </summary>
    public static ProtocolSet Of(IReadOnlyList<OfpAct> actions, bool instructions = true)
    {
        ProtocolSet usable = ProtocolSet.Any;
        foreach (OfpAct a in actions)
        {
            usable &= a switch
            {
                SetFieldAct { FromRegLoad: false } sf => sf.IsExact ? sf.Field.UsableExact : sf.Field.UsableBitwise,
                MeterAct => instructions ? ProtocolSet.Of13Oxm | ProtocolSet.Of14Oxm | ProtocolSet.Of15Oxm : ProtocolSet.Of15Oxm,
                PushVlanAct => ProtocolSet.Of11Up,
                WriteMetadataAct => ProtocolSet.NxmOf11Up,
                _ => ProtocolSet.Any,
            };
            if (a.Nested.Count > 0)
            {
                usable &= Of(a.Nested, instructions: false);
            }
        }

        return usable;
    }
}
