// Upstream: learn_execute() and learn_mask() of lib/learn.c (OVS 3.1).
// What a learn action makes of a packet's flow: a modify_strict flow_mod for the learn's table whose match is
// built from the match specs (a field of the packet, or an immediate, written into a field of the new match),
// whose actions are a fin_timeout (when the learn asks for one) and then, in spec order, the loads and outputs of
// the specs; and which bits of the packet's flow that depended on (they join the megaflow).
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Dpif.Xlate;

internal static class LearnExecution
{
    private const int SubvalueSize = 128;

    /// <summary>learn_mask(): every source field a spec reads from the packet joins the megaflow.</summary>
    public static void Mask(LearnAct learn, ref FlowWildcards wc)
    {
        foreach (LearnSpec spec in learn.Specs)
        {
            if (!spec.SrcIsImmediate)
            {
                FlowEdit.UnwildcardSubfield(ref wc, spec.Src);
            }
        }
    }

    /// <summary>learn_execute(): the flow_mod that learn installs for a packet with flow.</summary>
    public static FlowMod Execute(LearnAct learn, in FlowData flow)
    {
        var match = default(Match);
        var actions = new List<OfpAct>();
        if (learn.FinIdleTimeout != 0 || learn.FinHardTimeout != 0)
        {
            actions.Add(new FinTimeoutAct(learn.FinIdleTimeout, learn.FinHardTimeout));
        }

        foreach (LearnSpec spec in learn.Specs)
        {
            // The spec's value, as a number in its low NBits bits (upstream's 128-byte mf_subvalue).
            byte[] value = new byte[SubvalueSize];
            if (spec.SrcIsImmediate)
            {
                Subfield.CopyBits(spec.Immediate, 0, value, 0, spec.NBits);
            }
            else
            {
                FlowEdit.ReadSubfield(in flow, spec.Src, value);
            }

            switch (spec.DstType)
            {
                case LearnSpec.DstMatch:
                    WriteMatchSubfield(ref match, spec.Dst, value);
                    if (spec.Dst.Field.Prereq != FieldPrereq.None)
                    {
                        match.SetDefaultPacketType();
                    }

                    break;
                case LearnSpec.DstLoad:
                    actions.Add(Load(spec.Dst, value));
                    break;
                case LearnSpec.DstOutput:
                    if (OutputPort(spec, value) is ushort port)
                    {
                        actions.Add(new OutputAct(port, 0));
                    }

                    break;
            }
        }

        return new FlowMod
        {
            Command = FlowModCommand.ModifyStrict,
            Match = match,
            Priority = learn.Priority,
            Cookie = 0,
            CookieMask = 0,
            NewCookie = learn.Cookie,
            TableId = learn.TableId,
            IdleTimeout = learn.IdleTimeout,
            HardTimeout = learn.HardTimeout,
            Flags = (learn.Flags & LearnAct.FlagSendFlowRem) != 0 ? OfpFlowModFlags.SendFlowRem : OfpFlowModFlags.None,
            Actions = actions,
        };
    }

    /// <summary>mf_write_subfield() on a match: the subfield's bits become exact with value's low bits.</summary>
    private static void WriteMatchSubfield(ref Match match, Subfield dst, ReadOnlySpan<byte> value)
    {
        FieldInfo field = dst.Field;
        Span<byte> v = stackalloc byte[field.Size];
        Span<byte> m = stackalloc byte[field.Size];
        FieldAccess.GetValue(in match, field, v);
        FieldAccess.GetMask(in match, field, m);
        Subfield.CopyBits(value, 0, v, dst.Offset, dst.Bits);
        Subfield.SetBits(m, dst.Offset, dst.Bits);
        FieldAccess.Set(ref match, field, v, m);
    }

    /// <summary>ofpact_put_reg_load(): a load of value's low bits into dst, printed in "load:" form.</summary>
    private static SetFieldAct Load(Subfield dst, ReadOnlySpan<byte> value)
    {
        byte[] v = new byte[dst.Field.Size];
        byte[] m = new byte[dst.Field.Size];
        Subfield.CopyBits(value, 0, v, dst.Offset, dst.Bits);
        Subfield.SetBits(m, dst.Offset, dst.Bits);
        return new SetFieldAct(dst.Field, v, m, fromRegLoad: true);
    }

    /// <summary>The port an output spec names, when it fits in 16 bits and is a physical or allowed special port.</summary>
    private static ushort? OutputPort(LearnSpec spec, ReadOnlySpan<byte> value)
    {
        if (spec.NBits > 16 && value[..^2].ContainsAnyExcept((byte)0))
        {
            return null;
        }

        ushort port = (ushort)((value[^2] << 8) | value[^1]);
        return port < OfpPorts.Max || port is OfpPorts.InPort or OfpPorts.Flood or OfpPorts.Local or OfpPorts.All
            ? port
            : null;
    }
}
