// Upstream: format_odp_userspace_action() and format_odp_conntrack_action() in lib/odp-util.c (OVS 3.1).
using System.Buffers.Binary;
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;

namespace Ovs.Dpif.Odp;

internal static partial class OdpActionFormatter
{
    private static readonly NlPolicy[] s_userspacePolicy =
    [
        NlPolicy.None,
        NlPolicy.U32 with { Required = true },
        NlPolicy.Unspec(),
        NlPolicy.U32,
        NlPolicy.Unspec(),
    ];

    private static readonly NlPolicy[] s_conntrackPolicy =
    [
        NlPolicy.None,
        NlPolicy.Flag,
        NlPolicy.U16,
        NlPolicy.Unspec(min: 8),
        NlPolicy.Unspec(min: 32),
        NlPolicy.String(max: 16),
        NlPolicy.Unspec(),
        NlPolicy.Flag,
        NlPolicy.None,
        NlPolicy.String(max: 32),
    ];

    private static readonly NlPolicy[] s_natPolicy =
    [
        NlPolicy.None,
        NlPolicy.Flag,
        NlPolicy.Flag,
        NlPolicy.Unspec(min: 4, max: 16),
        NlPolicy.Unspec(min: 4, max: 16),
        NlPolicy.U16,
        NlPolicy.U16,
        NlPolicy.Flag,
        NlPolicy.Flag,
        NlPolicy.Flag,
    ];

    private static void FormatUserspace(StringBuilder sb, ReadOnlySpan<byte> payload)
    {
        if (!NlPolicy.Validate(payload, s_userspacePolicy) || !NlAttrReader.TryFindLast(payload, OdpUserspaceAttr.Pid, out NlAttr pid))
        {
            sb.Append("userspace(error)");
            return;
        }

        sb.Append(s_inv, $"userspace(pid={pid.U32}");
        if (NlAttrReader.TryFindLast(payload, OdpUserspaceAttr.Userdata, out NlAttr userdata))
        {
            ReadOnlySpan<byte> c = userdata.Payload;
            bool unspec = true;
            if (c.Length == UserActionCookie.Size)
            {
                unspec = false;
                switch (UserActionCookie.Type(c))
                {
                    case UserActionCookie.Sflow:
                        {
                            ushort tci = BinaryPrimitives.ReadUInt16BigEndian(c[20..]);
                            sb.Append(s_inv, $",sFlow(vid={tci & 0xfff},pcp={tci >> 13},output={UserActionCookie.ReadU32(c, 24)})");
                            break;
                        }

                    case UserActionCookie.SlowPath:
                        sb.Append(",slow_path(");
                        FlagNames.Format(sb, UserActionCookie.SlowPathReason, UserActionCookie.ReadU32(c, 24), ',');
                        sb.Append(')');
                        break;
                    case UserActionCookie.FlowSample:
                        sb.Append(s_inv, $",flow_sample(probability={UserActionCookie.ReadU16(c, 20)},collector_set_id={UserActionCookie.ReadU32(c, 24)}");
                        sb.Append(s_inv, $",obs_domain_id={UserActionCookie.ReadU32(c, 28)},obs_point_id={UserActionCookie.ReadU32(c, 32)}");
                        sb.Append(s_inv, $",output_port={UserActionCookie.ReadU32(c, 36)}");
                        uint direction = UserActionCookie.ReadU32(c, 40);
                        sb.Append(direction switch
                        {
                            1 => ",ingress",
                            2 => ",egress",
                            _ => "",
                        });
                        sb.Append(')');
                        break;
                    case UserActionCookie.Ipfix:
                        sb.Append(s_inv, $",ipfix(output_port={UserActionCookie.ReadU32(c, 20)})");
                        break;
                    case UserActionCookie.Controller:
                        sb.Append(s_inv, $",controller(reason={UserActionCookie.ReadU16(c, 22)},dont_send={(c[20] != 0 ? 1 : 0)}");
                        sb.Append(s_inv, $",continuation={(c[21] != 0 ? 1 : 0)},recirc_id={UserActionCookie.ReadU32(c, 24)},rule_cookie=");
                        OdpTextFormat.AppendAltHex(sb, BinaryPrimitives.ReadUInt64BigEndian(c[28..]));
                        sb.Append(s_inv, $",controller_id={UserActionCookie.ReadU16(c, 36)},max_len={UserActionCookie.ReadU16(c, 38)})");
                        break;
                    default:
                        unspec = true;
                        break;
                }
            }

            if (unspec)
            {
                sb.Append(",userdata(");
                foreach (byte b in c)
                {
                    sb.Append(s_inv, $"{b:x2}");
                }

                sb.Append(')');
            }
        }

        if (NlAttrReader.TryFindLast(payload, OdpUserspaceAttr.Actions, out _))
        {
            sb.Append(",actions");
        }

        if (NlAttrReader.TryFindLast(payload, OdpUserspaceAttr.EgressTunPort, out NlAttr tunPort))
        {
            sb.Append(s_inv, $",tunnel_out_port={tunPort.U32}");
        }

        sb.Append(')');
    }

    private static void FormatConntrack(StringBuilder sb, ReadOnlySpan<byte> payload)
    {
        bool commit = false, force = false;
        ushort zone = 0;
        scoped ReadOnlySpan<byte> mark = default, labels = default, helper = default, timeout = default, nat = default;
        bool hasNat = false;
        if (!NlPolicy.Validate(payload, s_conntrackPolicy))
        {
            sb.Append("ct(error)");
            return;
        }

        foreach (NlAttr a in new NlAttrReader(payload))
        {
            switch (a.Type)
            {
                case OdpCtAttr.Commit:
                    commit = true;
                    break;
                case OdpCtAttr.ForceCommit:
                    force = true;
                    break;
                case OdpCtAttr.Zone when a.Size == 2:
                    zone = a.U16;
                    break;
                case OdpCtAttr.Mark when a.Size >= 8:
                    mark = a.Payload;
                    break;
                case OdpCtAttr.Labels when a.Size >= 32:
                    labels = a.Payload;
                    break;
                case OdpCtAttr.Helper:
                    helper = CString(a.Payload);
                    break;
                case OdpCtAttr.Timeout:
                    timeout = CString(a.Payload);
                    break;
                case OdpCtAttr.Nat:
                    nat = a.Payload;
                    hasNat = true;
                    break;
            }
        }

        sb.Append("ct");
        if (!(commit || force || zone != 0 || !mark.IsEmpty || !labels.IsEmpty || !helper.IsEmpty || !timeout.IsEmpty || hasNat))
        {
            return;
        }

        sb.Append('(');
        if (commit)
        {
            sb.Append("commit,");
        }

        if (force)
        {
            sb.Append("force_commit,");
        }

        if (zone != 0)
        {
            sb.Append(s_inv, $"zone={zone},");
        }

        if (!mark.IsEmpty)
        {
            sb.Append("mark=");
            OdpTextFormat.AppendAltHex(sb, UserActionCookie.ReadU32(mark, 0));
            sb.Append('/');
            OdpTextFormat.AppendAltHex(sb, UserActionCookie.ReadU32(mark, 4));
            sb.Append(',');
        }

        if (!labels.IsEmpty)
        {
            Span<byte> be = stackalloc byte[16];
            sb.Append("label=");
            OdpKeyFormatter.HostU128ToBigEndian(labels[..16], be);
            OdpTextFormat.BigHex(sb, be);
            OdpKeyFormatter.HostU128ToBigEndian(labels.Slice(16, 16), be);
            if (be.ContainsAnyExcept((byte)0xff))
            {
                sb.Append('/');
                OdpTextFormat.BigHex(sb, be);
            }

            sb.Append(',');
        }

        if (!helper.IsEmpty)
        {
            sb.Append("helper=").Append(System.Text.Encoding.ASCII.GetString(helper)).Append(',');
        }

        if (!timeout.IsEmpty)
        {
            sb.Append("timeout=").Append(System.Text.Encoding.ASCII.GetString(timeout)).Append(',');
        }

        if (hasNat)
        {
            FormatNat(sb, nat);
        }

        OdpTextFormat.Chomp(sb, ',');
        sb.Append(')');
    }

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> payload)
    {
        int nul = payload.IndexOf((byte)0);
        return nul < 0 ? payload : payload[..nul];
    }

    private static void FormatNat(StringBuilder sb, ReadOnlySpan<byte> payload)
    {
        bool src = false, dst = false, persistent = false, hash = false, random = false;
        scoped ReadOnlySpan<byte> ipMin = default, ipMax = default;
        bool hasMin = false, hasMax = false, hasProtoMin = false, hasProtoMax = false;
        ushort protoMin = 0, protoMax = 0;
        if (!NlPolicy.Validate(payload, s_natPolicy))
        {
            sb.Append("nat(error: nl_parse_nested() failed.)");
            return;
        }

        foreach (NlAttr a in new NlAttrReader(payload))
        {
            switch (a.Type)
            {
                case OdpNatAttr.Src:
                    src = true;
                    break;
                case OdpNatAttr.Dst:
                    dst = true;
                    break;
                case OdpNatAttr.IpMin:
                    ipMin = a.Payload;
                    hasMin = true;
                    break;
                case OdpNatAttr.IpMax:
                    ipMax = a.Payload;
                    hasMax = true;
                    break;
                case OdpNatAttr.ProtoMin:
                    protoMin = a.U16;
                    hasProtoMin = true;
                    break;
                case OdpNatAttr.ProtoMax:
                    protoMax = a.U16;
                    hasProtoMax = true;
                    break;
                case OdpNatAttr.Persistent:
                    persistent = true;
                    break;
                case OdpNatAttr.ProtoHash:
                    hash = true;
                    break;
                case OdpNatAttr.ProtoRandom:
                    random = true;
                    break;
            }
        }

        if (!(src || dst) && (hasMin || hasMax || hasProtoMin || hasProtoMax || persistent || hash || random))
        {
            sb.Append("nat(error: options allowed only with \"src\" or \"dst\")");
            return;
        }

        if (src && dst)
        {
            sb.Append("nat(error: Only one of \"src\" or \"dst\" may be present.)");
            return;
        }

        if (!hasMin && hasProtoMin)
        {
            sb.Append("nat(error: proto but no IP.)");
            return;
        }

        if ((!hasMin && hasMax) || (!hasProtoMin && hasProtoMax))
        {
            sb.Append("nat(error: range max without min.)");
            return;
        }

        if ((hasMin && ipMin.Length != 4 && ipMin.Length != 16) || (hasMin && hasMax && ipMin.Length != ipMax.Length))
        {
            sb.Append("nat(error: IP address sizes do not match)");
            return;
        }

        int addrLen = hasMin ? ipMin.Length : 0;
        if ((addrLen == 4 && hasMax && ipMax.ContainsAnyExcept((byte)0) && ipMin.SequenceCompareTo(ipMax) > 0)
            || (addrLen == 16 && hasMax && ipMax.ContainsAnyExcept((byte)0) && ipMin.SequenceCompareTo(ipMax) > 0)
            || (protoMax != 0 && protoMin > protoMax))
        {
            sb.Append("nat(range error)");
            return;
        }

        sb.Append("nat");
        if (!(src || dst))
        {
            return;
        }

        sb.Append('(').Append(src ? "src" : "dst");
        if (addrLen > 0)
        {
            sb.Append('=');
            if (addrLen == 4)
            {
                Ipv4Text.Append(sb, BinaryPrimitives.ReadUInt32BigEndian(ipMin));
                if (hasMax && ipMax.ContainsAnyExcept((byte)0) && !ipMax.SequenceEqual(ipMin))
                {
                    sb.Append('-');
                    Ipv4Text.Append(sb, BinaryPrimitives.ReadUInt32BigEndian(ipMax));
                }
            }
            else
            {
                AppendIpv6Bracket(sb, ipMin, protoMin != 0);
                if (hasMax && ipMax.ContainsAnyExcept((byte)0) && !ipMax.SequenceEqual(ipMin))
                {
                    sb.Append('-');
                    AppendIpv6Bracket(sb, ipMax, protoMin != 0);
                }
            }

            if (protoMin != 0)
            {
                sb.Append(s_inv, $":{protoMin}");
                if (protoMax != 0 && protoMax != protoMin)
                {
                    sb.Append(s_inv, $"-{protoMax}");
                }
            }
        }

        sb.Append(',');
        if (persistent)
        {
            sb.Append("persistent,");
        }

        if (hash)
        {
            sb.Append("hash,");
        }

        if (random)
        {
            sb.Append("random,");
        }

        OdpTextFormat.Chomp(sb, ',');
        sb.Append(')');
    }

    private static void AppendIpv6Bracket(StringBuilder sb, ReadOnlySpan<byte> address, bool bracket)
    {
        if (bracket)
        {
            sb.Append('[');
        }

        Ipv6Address.Read(address).AppendTo(sb);
        if (bracket)
        {
            sb.Append(']');
        }
    }
}
