// Upstream: struct ofpact_bundle, ofpact_multipath, ofpact_conntrack, ofpact_nat, ofpact_learn and their
// format_*() functions in lib/ofp-actions.c, lib/bundle.c, lib/multipath.c, lib/learn.c (OVS 3.1)
using System.Text;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;

namespace Ovs.OpenFlow.Actions;

/// <summary>The hash inputs of bundle and multipath (enum nx_hash_fields).</summary>
internal static class HashFields
{
    private static readonly string[] s_names =
        ["eth_src", "symmetric_l4", "symmetric_l3l4", "symmetric_l3l4+udp", "nw_src", "nw_dst", "symmetric_l3"];

    public static bool IsValid(ushort fields) => fields < s_names.Length;

    public static string Name(ushort fields) => fields < s_names.Length ? s_names[fields] : "<unknown>";

    public static bool TryParse(string s, out ushort fields)
    {
        int i = Array.IndexOf(s_names, s);
        fields = (ushort)Math.Max(i, 0);
        return i >= 0;
    }
}

internal sealed class BundleAct : OfpAct
{
    public const ushort AlgActiveBackup = 0;
    public const ushort AlgHrw = 1;

    public ushort Fields { get; init; }

    public ushort Basis { get; init; }

    public ushort Algorithm { get; init; }

    /// <summary>bundle_load's destination; null for plain bundle.</summary>
    public Subfield? Dst { get; init; }

    public ushort[] Members { get; init; } = [];

    public override OfpActKind Kind => OfpActKind.Bundle;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append(Dst is null ? "bundle(" : "bundle_load(").Append(HashFields.Name(Fields)).Append(',').Append(Basis).Append(',')
            .Append(Algorithm == AlgHrw ? "hrw" : Algorithm == AlgActiveBackup ? "active_backup" : "<unknown>").Append(",ofport,");
        if (Dst is { } dst)
        {
            dst.AppendTo(s);
            s.Append(',');
        }

        s.Append("members:");
        for (int i = 0; i < Members.Length; i++)
        {
            if (i > 0)
            {
                s.Append(',');
            }

            o.AppendPort(s, Members[i]);
        }

        s.Append(')');
    }
}

internal sealed class MultipathAct : OfpAct
{
    private static readonly string[] s_algorithms = ["modulo_n", "hash_threshold", "hrw", "iter_hash"];

    public ushort Fields { get; init; }

    public ushort Basis { get; init; }

    public ushort Algorithm { get; init; }

    public ushort MaxLink { get; init; }

    public uint Arg { get; init; }

    public Subfield Dst { get; init; }

    public override OfpActKind Kind => OfpActKind.Multipath;

    public static bool TryParseAlgorithm(string s, out ushort algorithm)
    {
        int i = Array.IndexOf(s_algorithms, s);
        algorithm = (ushort)Math.Max(i, 0);
        return i >= 0;
    }

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("multipath(").Append(HashFields.Name(Fields)).Append(',').Append(Basis).Append(',')
            .Append(Algorithm < s_algorithms.Length ? s_algorithms[Algorithm] : "<unknown>").Append(',')
            .Append(MaxLink + 1).Append(',').Append(Arg).Append(',');
        Dst.AppendTo(s);
        s.Append(')');
    }
}

internal sealed class CtAct : OfpAct
{
    public const ushort FlagCommit = 1;
    public const ushort FlagForce = 2;
    public const byte NoRecirc = 255;

    public ushort Flags { get; init; }

    /// <summary>The zone comes from this subfield when set, else it is <see cref="ZoneImm"/>.</summary>
    public Subfield? ZoneSrc { get; init; }

    public ushort ZoneImm { get; init; }

    public byte RecircTable { get; init; } = NoRecirc;

    public ushort Alg { get; init; }

    public IReadOnlyList<OfpAct> Actions { get; init; } = [];

    public override OfpActKind Kind => OfpActKind.Ct;

    public override IReadOnlyList<OfpAct> Nested => Actions;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("ct(");
        if ((Flags & FlagCommit) != 0)
        {
            s.Append("commit,");
        }

        if ((Flags & FlagForce) != 0)
        {
            s.Append("force,");
        }

        if (RecircTable != NoRecirc)
        {
            s.Append("table=");
            o.AppendTable(s, RecircTable);
            s.Append(',');
        }

        if (ZoneSrc is { } zone)
        {
            s.Append("zone=");
            zone.AppendTo(s);
            s.Append(',');
        }
        else if (ZoneImm != 0)
        {
            s.Append("zone=").Append(ZoneImm).Append(',');
        }

        int first = 0;
        if (Actions.Count > 0 && Actions[0].Kind == OfpActKind.Nat)
        {
            Actions[0].Format(s, o);
            s.Append(',');
            first = 1;
        }

        if (Actions.Count > first)
        {
            s.Append("exec(");
            OfpActText.AppendList(s, Actions.Skip(first).ToList(), o, emptyIsDrop: false);
            s.Append("),");
        }

        if (Alg == 21)
        {
            s.Append("alg=ftp,");
        }
        else if (Alg == 69)
        {
            s.Append("alg=tftp,");
        }
        else if (Alg != 0)
        {
            s.Append("alg=").Append(Alg).Append(',');
        }

        OfpActText.Chomp(s, ',');
        s.Append(')');
    }
}

internal sealed class NatAct : OfpAct
{
    public const ushort FlagSrc = 1;
    public const ushort FlagDst = 2;
    public const ushort FlagPersistent = 4;
    public const ushort FlagHash = 8;
    public const ushort FlagRandom = 16;

    public ushort Flags { get; init; }

    /// <summary>0 none, 4 IPv4, 6 IPv6 address range.</summary>
    public byte Family { get; init; }

    public uint Ipv4Min { get; init; }

    public uint Ipv4Max { get; init; }

    public Ipv6Address Ipv6Min { get; init; }

    public Ipv6Address Ipv6Max { get; init; }

    public ushort ProtoMin { get; init; }

    public ushort ProtoMax { get; init; }

    public override OfpActKind Kind => OfpActKind.Nat;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("nat");
        if ((Flags & (FlagSrc | FlagDst)) == 0)
        {
            return;
        }

        s.Append((Flags & FlagSrc) != 0 ? "(src" : "(dst");
        if (Family != 0)
        {
            s.Append('=');
            if (Family == 4)
            {
                Ipv4Text.Append(s, Ipv4Min);
                if (Ipv4Max != 0 && Ipv4Max != Ipv4Min)
                {
                    s.Append('-');
                    Ipv4Text.Append(s, Ipv4Max);
                }
            }
            else
            {
                bool brackets = ProtoMin != 0;
                AppendIpv6(s, Ipv6Min, brackets);
                if (!Ipv6Max.Equals(Ipv6Address.Zero) && !Ipv6Max.Equals(Ipv6Min))
                {
                    s.Append('-');
                    AppendIpv6(s, Ipv6Max, brackets);
                }
            }

            if (ProtoMin != 0)
            {
                s.Append(':').Append(ProtoMin);
                if (ProtoMax != 0 && ProtoMax != ProtoMin)
                {
                    s.Append('-').Append(ProtoMax);
                }
            }
        }

        if ((Flags & FlagPersistent) != 0)
        {
            s.Append(",persistent");
        }

        if ((Flags & FlagHash) != 0)
        {
            s.Append(",hash");
        }

        if ((Flags & FlagRandom) != 0)
        {
            s.Append(",random");
        }

        s.Append(')');
    }

    private static void AppendIpv6(StringBuilder s, Ipv6Address address, bool brackets)
    {
        if (brackets)
        {
            s.Append('[').Append(address.ToString()).Append(']');
        }
        else
        {
            s.Append(address.ToString());
        }
    }
}

/// <summary>One flow_mod_spec of a learn action.</summary>
internal sealed class LearnSpec
{
    public const int SrcImmediate = 0x2000;
    public const int DstMatch = 0;
    public const int DstLoad = 0x0800;
    public const int DstOutput = 0x1000;

    /// <summary>Source is <see cref="Src"/> when false, <see cref="Immediate"/> when true.</summary>
    public bool SrcIsImmediate { get; init; }

    public Subfield Src { get; init; }

    /// <summary>The immediate value, big-endian, in the width of the destination field.</summary>
    public byte[] Immediate { get; init; } = [];

    /// <summary>DstMatch, DstLoad or DstOutput.</summary>
    public int DstType { get; init; }

    public Subfield Dst { get; init; }

    public int NBits { get; init; }
}

internal sealed class LearnAct : OfpAct
{
    public const ushort FlagSendFlowRem = 1;
    public const ushort FlagDeleteLearned = 2;
    public const ushort FlagWriteResult = 4;

    public ushort IdleTimeout { get; init; }

    public ushort HardTimeout { get; init; }

    public ushort Priority { get; init; } = 0x8000;

    public ulong Cookie { get; init; }

    public ushort Flags { get; init; }

    public byte TableId { get; init; } = 1;

    public ushort FinIdleTimeout { get; init; }

    public ushort FinHardTimeout { get; init; }

    public uint Limit { get; init; }

    public Subfield? ResultDst { get; init; }

    public IReadOnlyList<LearnSpec> Specs { get; init; } = [];

    /// <summary>Came from NXAST_LEARN2 (needed when limit or result_dst is used).</summary>
    public bool Learn2 { get; init; }

    public override OfpActKind Kind => OfpActKind.Learn;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("learn(table=");
        o.AppendTable(s, TableId);
        if (IdleTimeout != 0)
        {
            s.Append(",idle_timeout=").Append(IdleTimeout);
        }

        if (HardTimeout != 0)
        {
            s.Append(",hard_timeout=").Append(HardTimeout);
        }

        if (FinIdleTimeout != 0)
        {
            s.Append(",fin_idle_timeout=").Append(FinIdleTimeout);
        }

        if (FinHardTimeout != 0)
        {
            s.Append(",fin_hard_timeout=").Append(FinHardTimeout);
        }

        if (Priority != 0x8000)
        {
            s.Append(",priority=").Append(Priority);
        }

        if ((Flags & FlagSendFlowRem) != 0)
        {
            s.Append(",send_flow_rem");
        }

        if ((Flags & FlagDeleteLearned) != 0)
        {
            s.Append(",delete_learned");
        }

        if (Cookie != 0)
        {
            s.Append(",cookie=");
            OfpActText.AppendHex(s, Cookie);
        }

        if (Limit != 0)
        {
            s.Append(",limit=").Append(Limit);
        }

        if (ResultDst is { } result)
        {
            s.Append(",result_dst=");
            result.AppendTo(s);
        }

        foreach (LearnSpec spec in Specs)
        {
            s.Append(',');
            FormatSpec(s, spec);
        }

        s.Append(')');
    }

    private static void FormatSpec(StringBuilder s, LearnSpec spec)
    {
        switch (spec.DstType)
        {
            case LearnSpec.DstMatch when spec.SrcIsImmediate:
                if (spec.Dst.IsWholeField)
                {
                    s.Append(spec.Dst.Field.Name).Append('=');
                    FieldFormatter.Append(s, spec.Dst.Field, spec.Immediate);
                }
                else
                {
                    spec.Dst.AppendTo(s);
                    s.Append('=');
                    OfpActText.AppendSubvalue(s, spec.Immediate);
                }

                break;
            case LearnSpec.DstMatch:
                spec.Dst.AppendTo(s);
                if (spec.Src != spec.Dst)
                {
                    s.Append('=');
                    spec.Src.AppendTo(s);
                }

                break;
            case LearnSpec.DstLoad:
                s.Append("load:");
                if (spec.SrcIsImmediate)
                {
                    OfpActText.AppendSubvalue(s, spec.Immediate);
                }
                else
                {
                    spec.Src.AppendTo(s);
                }

                s.Append("->");
                spec.Dst.AppendTo(s);
                break;
            default:
                s.Append("output:");
                spec.Src.AppendTo(s);
                break;
        }
    }
}

/// <summary>One property of an encap action (class, type, body).</summary>
internal sealed record EncapProperty(ushort Class, byte Type, byte[] Body);

internal sealed class EncapAct(ushort hdrSize, uint packetType, IReadOnlyList<EncapProperty> properties) : OfpAct
{
    public ushort HdrSize { get; } = hdrSize;

    /// <summary>Namespace in the high 16 bits, type in the low 16 (PT_ETH = 0, PT_NSH = 0x1894f, PT_MPLS = 0x18847).</summary>
    public uint PacketType { get; } = packetType;

    public IReadOnlyList<EncapProperty> Properties { get; } = properties;

    public override OfpActKind Kind => OfpActKind.Encap;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("encap(");
        switch (PacketType)
        {
            case 0:
                s.Append("ethernet");
                break;
            case 0x1894f:
                s.Append("nsh(");
                foreach (EncapProperty p in Properties)
                {
                    if (p.Class == 4 && p.Type == 1 && p.Body.Length > 0)
                    {
                        s.Append("md_type=").Append(p.Body[0]).Append(',');
                    }
                    else if (p.Class == 4 && p.Type == 2 && p.Body.Length >= 4)
                    {
                        int tlvClass = (p.Body[0] << 8) | p.Body[1];
                        int len = p.Body[3];
                        s.Append("tlv(0x").Append(tlvClass.ToString("x", System.Globalization.CultureInfo.InvariantCulture))
                            .Append(',').Append(p.Body[2]).Append(",0x");
                        for (int i = 0; i < len && 4 + i < p.Body.Length; i++)
                        {
                            s.Append(p.Body[4 + i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                        }

                        s.Append("),");
                    }
                }

                OfpActText.Chomp(s, ',');
                s.Append(')');
                break;
            case 0x18847:
                s.Append("mpls");
                break;
            case 0x18848:
                s.Append("mpls_mc");
                break;
            default:
                s.Append("<unknown>");
                break;
        }

        s.Append(')');
    }
}

internal sealed class DecapAct(uint packetType) : OfpAct
{
    /// <summary>The packet type after decapsulation; 0xfffe means "use the next protocol field".</summary>
    public uint PacketType { get; } = packetType;

    public override OfpActKind Kind => OfpActKind.Decap;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
    {
        s.Append("decap(");
        if (PacketType != 0xfffe)
        {
            s.Append("packet_type(ns=").Append(PacketType >> 16).Append(",type=0x")
                .Append((PacketType & 0xffff).ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append(')');
        }

        s.Append(')');
    }
}
