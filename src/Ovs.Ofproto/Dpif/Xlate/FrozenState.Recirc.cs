// Upstream: struct frozen_state, frozen_state_equal()/frozen_state_hash() and frozen_metadata_from_flow()/
// frozen_metadata_to_flow() of ofproto/ofproto-dpif-rid.[ch] (OVS 3.1).
// What a frozen translation keeps for its thaw besides the flow: the bridge, the actions still to run, the action
// set, the stack, whether an MPLS label was popped and the mirrors already served. Of the flow, only the pipeline
// metadata (tunnel, metadata, registers, in_port) is frozen and restored: the packet's own headers come back with
// the packet.
using System.Text;
using Ovs.Flow;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial record FrozenState
{
    /// <summary>The bridge whose translation froze (upstream ofproto_uuid).</summary>
    public Guid Bridge { get; init; }

    /// <summary>The actions to run after the thaw (none: look the flow up in TableId).</summary>
    public IReadOnlyList<OfpAct> Actions { get; init; } = [];

    /// <summary>The action set at the freeze.</summary>
    public IReadOnlyList<OfpAct> ActionSet { get; init; } = [];

    /// <summary>The stack at the freeze, bottom first.</summary>
    public IReadOnlyList<byte[]> Stack { get; init; } = [];

    /// <summary>Whether the last MPLS label had been popped.</summary>
    public bool WasMpls { get; init; }

    /// <summary>The mirrors (by index bit) that already have their copy of the packet, so the thaw sends none again.</summary>
    public uint Mirrors { get; init; }

    /// <summary>Copies the frozen pipeline metadata (tunnel, metadata, registers, in_port) into <paramref name="flow"/>.</summary>
    public void RestoreMetadata(ref FlowData flow)
    {
        Flow.ReadOnlyBytes[..FlowLayout.SkbPriority].CopyTo(flow.Bytes);
        Flow.ReadOnlyBytes[FlowLayout.TunMetadataPresent..(FlowLayout.TunMetadataOpts + FlowLayout.TunMetadataOptsSize)]
            .CopyTo(flow.Bytes[FlowLayout.TunMetadataPresent..]);
        flow.SetU16(FlowLayout.InPort, Flow.U16(FlowLayout.InPort));
    }

    /// <summary>What makes two frozen states the same (frozen_state_equal()): equal keys, equal states.</summary>
    public string Key()
    {
        var s = new StringBuilder();
        s.Append(TableId).Append('/').Append(Bridge).Append('/').Append(WasMpls).Append('/').Append(Continuation).Append('/');
        s.Append(Mirrors).Append('/');

        // A pause's packet-in reports all of the pipeline's fields, so only pauses with all of them equal share an id.
        s.Append(Convert.ToHexString(Flow.ReadOnlyBytes[..(Continuation ? FlowLayout.PacketType : FlowLayout.SkbPriority)])).Append('/');
        s.Append(Convert.ToHexString(Flow.ReadOnlyBytes[FlowLayout.TunMetadataPresent..(FlowLayout.TunMetadataOpts + FlowLayout.TunMetadataOptsSize)]));
        s.Append('/').Append(Flow.U16(FlowLayout.InPort)).Append('/');
        foreach (byte[] e in Stack)
        {
            s.Append(Convert.ToHexString(e)).Append(',');
        }

        s.Append('/').Append(Convert.ToHexString(Userdata)).Append('/');
        AppendActions(s, Actions);
        s.Append('/');
        AppendActions(s, ActionSet);
        return s.ToString();
    }

    private static void AppendActions(StringBuilder s, IReadOnlyList<OfpAct> actions)
    {
        foreach (OfpAct a in actions)
        {
            a.Format(s, OfpActFormatOptions.Default);
            s.Append(';');
        }
    }
}
