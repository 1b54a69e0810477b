// Upstream: the struct ofpact_* family of include/openvswitch/ofp-actions.h and the format_*() functions of
// lib/ofp-actions.c (OVS 3.1); ovs-actions(7) for the text.
//
// One decoded action, independent of the OpenFlow version it came from ("ofpact"). Each kind is a small class that
// knows how to print itself as ovs-ofctl does. Where upstream remembers which wire encoding an action came from
// (reg_load versus set_field, set_tunnel versus set_tunnel64, ...) the class keeps that as a flag, because it
// changes both the text and the re-encoding.
using System.Globalization;
using System.Text;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;

namespace Ovs.OpenFlow.Actions;

/// <summary>Options for printing actions (upstream's struct ofpact_format_params).</summary>
internal sealed record OfpActFormatOptions(IReadOnlyDictionary<ushort, string>? PortNames = null, IReadOnlyDictionary<byte, string>? TableNames = null)
{
    public static readonly OfpActFormatOptions Default = new();

    public void AppendPort(StringBuilder s, ushort port)
    {
        if (PortNames is not null && PortNames.TryGetValue(port, out string? name))
        {
            OfpActText.AppendQuotedName(s, name);
            return;
        }

        s.Append(OfpPortText.Format(port));
    }

    public void AppendTable(StringBuilder s, byte table)
    {
        if (TableNames is not null && TableNames.TryGetValue(table, out string? name))
        {
            OfpActText.AppendQuotedName(s, name);
            return;
        }

        s.Append(table);
    }
}

/// <summary>A decoded action or instruction.</summary>
internal abstract class OfpAct
{
    public abstract OfpActKind Kind { get; }

    public abstract void Format(StringBuilder s, OfpActFormatOptions o);

    /// <summary>Actions nested inside this one (clone, ct, write_actions), or empty.</summary>
    public virtual IReadOnlyList<OfpAct> Nested => [];

    public override string ToString()
    {
        var sb = new StringBuilder();
        Format(sb, OfpActFormatOptions.Default);
        return sb.ToString();
    }
}

/// <summary>Well-known port numbers (16-bit, as OpenFlow 1.0 and upstream's ofp_port_t).</summary>
internal static class OfpPorts
{
    public const ushort Max = 0xff00;
    public const ushort Unset = 0xfff7;
    public const ushort InPort = 0xfff8;
    public const ushort Table = 0xfff9;
    public const ushort Normal = 0xfffa;
    public const ushort Flood = 0xfffb;
    public const ushort All = 0xfffc;
    public const ushort Controller = 0xfffd;
    public const ushort Local = 0xfffe;
    public const ushort None = 0xffff;
}

internal sealed class OutputAct(ushort port, ushort maxLen) : OfpAct
{
    public ushort Port { get; } = port;

    public ushort MaxLen { get; } = maxLen;

    public override OfpActKind Kind => OfpActKind.Output;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        if (Port < OfpPorts.Max)
        {
            s.Append("output:");
        }

        o.AppendPort(s, Port);
        if (Port == OfpPorts.Controller)
        {
            s.Append(':').Append(MaxLen);
        }
    }
}

internal sealed class GroupAct(uint groupId) : OfpAct
{
    public uint GroupId { get; } = groupId;

    public override OfpActKind Kind => OfpActKind.Group;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append("group:").Append(GroupId);
}

internal sealed class ControllerAct : OfpAct
{
    public const uint NoMeter = uint.MaxValue;

    public ushort MaxLen { get; init; } = ushort.MaxValue;

    public ushort ControllerId { get; init; }

    public byte Reason { get; init; } = PacketInReasons.Action;

    public bool Pause { get; init; }

    public uint MeterId { get; init; } = NoMeter;

    public byte[] Userdata { get; init; } = [];

    /// <summary>Whether it came from (or must go out as) NXAST_CONTROLLER2.</summary>
    public bool Controller2 { get; init; }

    /// <summary>Whether it came from NXAST_CONTROLLER (kept so even when an output to CONTROLLER would do).</summary>
    public bool NxController { get; init; }

    public override OfpActKind Kind => OfpActKind.Controller;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        if (Reason == PacketInReasons.Action && ControllerId == 0 && Userdata.Length == 0 && !Pause && MeterId == NoMeter)
        {
            s.Append("CONTROLLER:").Append(MaxLen);
            return;
        }

        s.Append("controller(");
        if (Reason != PacketInReasons.Action)
        {
            s.Append("reason=").Append(PacketInReasons.Name(Reason)).Append(',');
        }

        if (MaxLen != ushort.MaxValue)
        {
            s.Append("max_len=").Append(MaxLen).Append(',');
        }

        if (ControllerId != 0)
        {
            s.Append("id=").Append(ControllerId).Append(',');
        }

        if (Userdata.Length > 0)
        {
            s.Append("userdata=");
            OfpActText.AppendDottedHex(s, Userdata);
            s.Append(',');
        }

        if (Pause)
        {
            s.Append("pause,");
        }

        if (MeterId != NoMeter)
        {
            s.Append("meter_id=").Append(MeterId).Append(',');
        }

        OfpActText.Chomp(s, ',');
        s.Append(')');
    }
}

/// <summary>Packet-in reasons as ofp-print names them (ofputil_packet_in_reason_to_string).</summary>
internal static class PacketInReasons
{
    public const byte NoMatch = 0;
    public const byte Action = 1;
    public const byte InvalidTtl = 2;
    public const byte ActionSet = 3;
    public const byte Group = 4;
    public const byte PacketOut = 5;

    private static readonly string[] s_names = ["no_match", "action", "invalid_ttl", "action_set", "group", "packet_out"];

    public static string Name(byte reason) => reason < s_names.Length ? s_names[reason] : reason.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string s, out byte reason)
    {
        int i = Array.IndexOf(s_names, s);
        reason = (byte)Math.Max(i, 0);
        return i >= 0;
    }
}

internal sealed class EnqueueAct(ushort port, uint queue) : OfpAct
{
    public ushort Port { get; } = port;

    public uint Queue { get; } = queue;

    public override OfpActKind Kind => OfpActKind.Enqueue;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("enqueue:");
        o.AppendPort(s, Port);
        s.Append(':').Append(Queue);
    }
}

internal sealed class OutputRegAct(Subfield src, ushort maxLen, bool extended) : OfpAct
{
    public Subfield Src { get; } = src;

    public ushort MaxLen { get; } = maxLen;

    /// <summary>Came from NXAST_OUTPUT_REG2 (needed for fields without a 32-bit NXM header).</summary>
    public bool Extended { get; } = extended;

    public override OfpActKind Kind => OfpActKind.OutputReg;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("output:");
        Src.AppendTo(s);
    }
}

/// <summary>A field whose value (under a mask) an action writes: set_field and reg_load.</summary>
internal sealed class SetFieldAct(FieldInfo field, byte[] value, byte[] mask, bool fromRegLoad, bool fromRegLoad2 = false) : OfpAct
{
    public FieldInfo Field { get; } = field;

    public byte[] Value { get; } = value;

    public byte[] Mask { get; } = mask;

    /// <summary>Decoded from NXAST_REG_LOAD or parsed from "load:": printed and re-encoded as reg_load.</summary>
    public bool FromRegLoad { get; } = fromRegLoad;

    /// <summary>Decoded from NXAST_REG_LOAD2: printed as set_field, re-encoded as reg_load2 before OpenFlow 1.5.</summary>
    public bool FromRegLoad2 { get; } = fromRegLoad2;

    public override OfpActKind Kind => OfpActKind.SetField;

    public bool IsExact => Mask.AsSpan().IndexOfAnyExcept((byte)0xff) < 0;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        if (FromRegLoad)
        {
            bool first = true;
            foreach ((int offset, int bits) in LoadSegments())
            {
                if (!first)
                {
                    s.Append(',');
                }

                first = false;
                s.Append("load:");
                OfpActText.AppendHex(s, OfpActText.ReadBits(Value, offset, bits));
                s.Append("->");
                new Subfield(Field, offset, bits).AppendTo(s);
            }

            return;
        }

        s.Append("set_field:");
        if (IsExact)
        {
            FieldFormatter.Append(s, Field, Value);
        }
        else
        {
            FieldFormatter.Append(s, Field, Value, Mask);
        }

        s.Append("->").Append(Field.Name);
    }

    /// <summary>The runs of one-bits in the mask, at most 64 bits each, from the least significant up.</summary>
    public List<(int Offset, int Bits)> LoadSegments()
    {
        var result = new List<(int, int)>();
        int total = Field.Bits;
        int i = 0;
        while (i < total)
        {
            if (!OfpActText.GetBit(Mask, i))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < total && OfpActText.GetBit(Mask, i) && i - start < 64)
            {
                i++;
            }

            result.Add((start, i - start));
        }

        return result;
    }
}

internal sealed class SetVlanVidAct(ushort vid, bool pushIfNeeded) : OfpAct
{
    public ushort Vid { get; } = vid;

    /// <summary>OpenFlow 1.0's mod_vlan_vid pushes a tag when there is none; OpenFlow 1.1's set_vlan_vid does not.</summary>
    public bool PushIfNeeded { get; } = pushIfNeeded;

    /// <summary>Whether the flow had a VLAN tag here, recorded by ActionChecker: if not, OpenFlow 1.1+ pushes one first.</summary>
    public bool FlowHasVlan { get; set; }

    public override OfpActKind Kind => OfpActKind.SetVlanVid;

    public override void Format(StringBuilder s, OfpActFormatOptions o) =>
        s.Append(PushIfNeeded ? "mod_vlan_vid:" : "set_vlan_vid:").Append(Vid);
}

internal sealed class SetVlanPcpAct(byte pcp, bool pushIfNeeded) : OfpAct
{
    public byte Pcp { get; } = pcp;

    public bool PushIfNeeded { get; } = pushIfNeeded;

    /// <summary>As SetVlanVidAct.FlowHasVlan.</summary>
    public bool FlowHasVlan { get; set; }

    public override OfpActKind Kind => OfpActKind.SetVlanPcp;

    public override void Format(StringBuilder s, OfpActFormatOptions o) =>
        s.Append(PushIfNeeded ? "mod_vlan_pcp:" : "set_vlan_pcp:").Append(Pcp);
}

internal sealed class StripVlanAct(bool ofp10) : OfpAct
{
    /// <summary>OpenFlow 1.0's strip_vlan (printed so) rather than pop_vlan.</summary>
    public bool Ofp10 { get; } = ofp10;

    public override OfpActKind Kind => OfpActKind.StripVlan;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append(Ofp10 ? "strip_vlan" : "pop_vlan");
}

internal sealed class PushVlanAct(ushort ethertype) : OfpAct
{
    public ushort Ethertype { get; } = ethertype;

    public override OfpActKind Kind => OfpActKind.PushVlan;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("push_vlan:");
        OfpActText.AppendHex(s, Ethertype);
    }
}

internal sealed class SetEthAct(bool dst, EthAddr mac) : OfpAct
{
    public bool Dst { get; } = dst;

    public EthAddr Mac { get; } = mac;

    public override OfpActKind Kind => Dst ? OfpActKind.SetEthDst : OfpActKind.SetEthSrc;

    public override void Format(StringBuilder s, OfpActFormatOptions o) =>
        s.Append(Dst ? "mod_dl_dst:" : "mod_dl_src:").Append(Mac.ToString());
}

internal sealed class SetIpv4Act(bool dst, uint address) : OfpAct
{
    public bool Dst { get; } = dst;

    public uint Address { get; } = address;

    public override OfpActKind Kind => Dst ? OfpActKind.SetIpv4Dst : OfpActKind.SetIpv4Src;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append(Dst ? "mod_nw_dst:" : "mod_nw_src:");
        Ipv4Text.Append(s, Address);
    }
}

/// <summary>mod_nw_tos (DSCP, kept as the TOS byte), mod_nw_ecn and mod_nw_ttl.</summary>
internal sealed class SetIpByteAct(OfpActKind kind, byte value) : OfpAct
{
    public byte Value { get; } = value;

    public override OfpActKind Kind { get; } = kind;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append(Kind switch
    {
        OfpActKind.SetIpDscp => "mod_nw_tos:",
        OfpActKind.SetIpEcn => "mod_nw_ecn:",
        _ => "mod_nw_ttl:",
    }).Append(Value);
}

internal sealed class SetL4PortAct(bool dst, ushort port) : OfpAct
{
    public bool Dst { get; } = dst;

    public ushort Port { get; } = port;

    /// <summary>
    /// The IP protocol of the flow this action belongs to, recorded by ActionChecker (0 until checked): OpenFlow 1.2+
    /// encodes the action as a set_field of that protocol's port field.
    /// </summary>
    public byte FlowIpProto { get; set; }

    public override OfpActKind Kind => Dst ? OfpActKind.SetL4DstPort : OfpActKind.SetL4SrcPort;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append(Dst ? "mod_tp_dst:" : "mod_tp_src:").Append(Port);
}

internal sealed class RegMoveAct(Subfield src, Subfield dst, bool onfCopyField = false) : OfpAct
{
    public Subfield Src { get; } = src;

    /// <summary>Decoded from ONF's OpenFlow 1.3 copy_field extension (re-encoded so in OpenFlow 1.3).</summary>
    public bool OnfCopyField { get; } = onfCopyField;

    public Subfield Dst { get; } = dst;

    public override OfpActKind Kind => OfpActKind.RegMove;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("move:");
        Src.AppendTo(s);
        s.Append("->");
        Dst.AppendTo(s);
    }
}

internal sealed class StackAct(bool push, Subfield field) : OfpAct
{
    public bool Push { get; } = push;

    public Subfield Field { get; } = field;

    public override OfpActKind Kind => Push ? OfpActKind.StackPush : OfpActKind.StackPop;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append(Push ? "push:" : "pop:");
        Field.AppendTo(s);
    }
}

internal sealed class DecTtlAct(ushort[] controllerIds, bool withIds) : OfpAct
{
    public ushort[] ControllerIds { get; } = controllerIds;

    /// <summary>NXAST_DEC_TTL_CNT_IDS rather than the plain dec_ttl.</summary>
    public bool WithIds { get; } = withIds;

    public override OfpActKind Kind => OfpActKind.DecTtl;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("dec_ttl");
        if (WithIds)
        {
            s.Append('(').AppendJoin(',', ControllerIds).Append(')');
        }
    }
}

/// <summary>set_mpls_label, set_mpls_tc, set_mpls_ttl.</summary>
internal sealed class SetMplsAct(OfpActKind kind, uint value) : OfpAct
{
    public uint Value { get; } = value;

    public override OfpActKind Kind { get; } = kind;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append(Kind switch
    {
        OfpActKind.SetMplsLabel => "set_mpls_label(",
        OfpActKind.SetMplsTc => "set_mpls_tc(",
        _ => "set_mpls_ttl(",
    }).Append(Value).Append(')');
}

/// <summary>push_mpls and pop_mpls with their ethertype.</summary>
internal sealed class MplsEthertypeAct(bool push, ushort ethertype) : OfpAct
{
    public bool Push { get; } = push;

    public ushort Ethertype { get; } = ethertype;

    public override OfpActKind Kind => Push ? OfpActKind.PushMpls : OfpActKind.PopMpls;

    public override void Format(StringBuilder s, OfpActFormatOptions o) =>
        s.Append(Push ? "push_mpls:0x" : "pop_mpls:0x").Append(Ethertype.ToString("x4", CultureInfo.InvariantCulture));
}

/// <summary>The actions that carry nothing: strip_vlan aside, dec_mpls_ttl, dec_nsh_ttl, pop_queue, exit, ct_clear, ...</summary>
internal sealed class SimpleAct(OfpActKind kind) : OfpAct
{
    public override OfpActKind Kind { get; } = kind;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append(Kind.Name());
}

internal sealed class DeleteFieldAct(FieldInfo field) : OfpAct
{
    public FieldInfo Field { get; } = field;

    public override OfpActKind Kind => OfpActKind.DeleteField;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append("delete_field:").Append(Field.Name);
}

internal sealed class SetTunnelAct(ulong tunnelId, bool is64) : OfpAct
{
    public ulong TunnelId { get; } = tunnelId;

    /// <summary>set_tunnel64 (NXAST_SET_TUNNEL64) rather than the 32-bit set_tunnel.</summary>
    public bool Is64 { get; } = is64;

    public override OfpActKind Kind => OfpActKind.SetTunnel;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append(Is64 ? "set_tunnel64:" : "set_tunnel:");
        OfpActText.AppendHex(s, TunnelId);
    }
}

internal sealed class SetQueueAct(uint queue) : OfpAct
{
    public uint Queue { get; } = queue;

    public override OfpActKind Kind => OfpActKind.SetQueue;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append("set_queue:").Append(Queue);
}

internal sealed class FinTimeoutAct(ushort idle, ushort hard) : OfpAct
{
    public ushort Idle { get; } = idle;

    public ushort Hard { get; } = hard;

    public override OfpActKind Kind => OfpActKind.FinTimeout;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("fin_timeout(");
        if (Idle != 0)
        {
            s.Append("idle_timeout=").Append(Idle).Append(',');
        }

        if (Hard != 0)
        {
            s.Append("hard_timeout=").Append(Hard).Append(',');
        }

        OfpActText.Chomp(s, ',');
        s.Append(')');
    }
}

internal sealed class ResubmitAct(ushort inPort, byte table, bool withCt, bool tableForm) : OfpAct
{
    public const byte AllTables = 255;

    public ushort InPort { get; } = inPort;

    public byte Table { get; } = table;

    public bool WithCt { get; } = withCt;

    /// <summary>Decoded from (or to be encoded as) NXAST_RESUBMIT_TABLE rather than the plain NXAST_RESUBMIT.</summary>
    public bool TableForm { get; } = tableForm;

    public override OfpActKind Kind => OfpActKind.Resubmit;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        if (InPort != OfpPorts.InPort && Table == AllTables && !WithCt)
        {
            s.Append("resubmit:");
            o.AppendPort(s, InPort);
            return;
        }

        s.Append("resubmit(");
        if (InPort != OfpPorts.InPort)
        {
            o.AppendPort(s, InPort);
        }

        s.Append(',');
        if (Table != AllTables)
        {
            o.AppendTable(s, Table);
        }

        if (WithCt)
        {
            s.Append(",ct");
        }

        s.Append(')');
    }
}

internal sealed class ConjunctionAct(uint id, byte clause, byte nClauses) : OfpAct
{
    public uint Id { get; } = id;

    /// <summary>Zero-based clause (the text is one-based).</summary>
    public byte Clause { get; } = clause;

    public byte NClauses { get; } = nClauses;

    public override OfpActKind Kind => OfpActKind.Conjunction;

    public override void Format(StringBuilder s, OfpActFormatOptions o) =>
        s.Append("conjunction(").Append(Id).Append(',').Append(Clause + 1).Append('/').Append(NClauses).Append(')');
}

internal sealed class NoteAct(byte[] data) : OfpAct
{
    public byte[] Data { get; } = data;

    public override OfpActKind Kind => OfpActKind.Note;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("note:");
        OfpActText.AppendDottedHex(s, Data);
    }
}

internal sealed class SampleAct : OfpAct
{
    public ushort Probability { get; init; }

    public uint CollectorSetId { get; init; }

    public uint ObsDomainId { get; init; }

    public uint ObsPointId { get; init; }

    public ushort SamplingPort { get; init; } = OfpPorts.None;

    /// <summary>0 default, 1 ingress, 2 egress (enum nx_action_sample_direction).</summary>
    public byte Direction { get; init; }

    /// <summary>The wire form it came from: 1 = NXAST_SAMPLE, 2 = SAMPLE2, 3 = SAMPLE3.</summary>
    public byte Raw { get; init; } = 1;

    public override OfpActKind Kind => OfpActKind.Sample;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("sample(probability=").Append(Probability).Append(",collector_set_id=").Append(CollectorSetId)
            .Append(",obs_domain_id=").Append(ObsDomainId).Append(",obs_point_id=").Append(ObsPointId);
        if (SamplingPort != OfpPorts.None)
        {
            s.Append(",sampling_port=");
            o.AppendPort(s, SamplingPort);
        }

        if (Direction == 1)
        {
            s.Append(",ingress");
        }
        else if (Direction == 2)
        {
            s.Append(",egress");
        }

        s.Append(')');
    }
}

internal sealed class OutputTruncAct(ushort port, uint maxLen) : OfpAct
{
    public ushort Port { get; } = port;

    public uint MaxLen { get; } = maxLen;

    public override OfpActKind Kind => OfpActKind.OutputTrunc;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("output(port=");
        o.AppendPort(s, Port);
        s.Append(",max_len=").Append(MaxLen).Append(')');
    }
}

/// <summary>clone(...) and write_actions(...): a nested action list.</summary>
internal sealed class NestedAct(OfpActKind kind, IReadOnlyList<OfpAct> actions) : OfpAct
{
    public IReadOnlyList<OfpAct> Actions { get; } = actions;

    public override OfpActKind Kind { get; } = kind;

    public override IReadOnlyList<OfpAct> Nested => Actions;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append(Kind.Name()).Append('(');
        OfpActText.AppendList(s, Actions, o, emptyIsDrop: true);
        s.Append(')');
    }
}

internal sealed class CheckPktLargerAct(ushort packetLength, Subfield dst) : OfpAct
{
    public ushort PacketLength { get; } = packetLength;

    public Subfield Dst { get; } = dst;

    public override OfpActKind Kind => OfpActKind.CheckPktLarger;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("check_pkt_larger(").Append(PacketLength).Append(")->");
        Dst.AppendTo(s);
    }
}

internal sealed class MeterAct(uint meterId) : OfpAct
{
    public uint MeterId { get; } = meterId;

    public override OfpActKind Kind => OfpActKind.Meter;

    public override void Format(StringBuilder s, OfpActFormatOptions o) => s.Append("meter:").Append(MeterId);
}

internal sealed class WriteMetadataAct(ulong metadata, ulong mask) : OfpAct
{
    public ulong Metadata { get; } = metadata;

    public ulong Mask { get; } = mask;

    public override OfpActKind Kind => OfpActKind.WriteMetadata;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("write_metadata:");
        OfpActText.AppendHex(s, Metadata);
        if (Mask != ulong.MaxValue)
        {
            s.Append('/');
            OfpActText.AppendHex(s, Mask);
        }
    }
}

internal sealed class GotoTableAct(byte table) : OfpAct
{
    public byte Table { get; } = table;

    public override OfpActKind Kind => OfpActKind.GotoTable;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("goto_table:");
        o.AppendTable(s, Table);
    }
}
