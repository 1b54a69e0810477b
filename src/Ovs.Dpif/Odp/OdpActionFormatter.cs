// Upstream: format_odp_actions() and format_odp_action() in lib/odp-util.c (OVS 3.1).
// Datapath actions to text, as dump-flows prints them after "actions:". An empty list prints "drop"; an action
// with the wrong fixed size prints "bad length N, expected M for: actionT(xx xx)"; unknown types (unspec and
// those past the last) print the same with "expected -1", as upstream's length table answers for them. Nested
// arguments are checked as nl_parse_nested does before anything is read. Port numbers print as numbers.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;

namespace Ovs.Dpif.Odp;

internal static partial class OdpActionFormatter
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private static readonly NlPolicy[] s_samplePolicy =
    [
        NlPolicy.None,
        NlPolicy.U32 with { Required = true },
        NlPolicy.Unspec() with { Required = true },
    ];

    private static readonly NlPolicy[] s_checkPktLenPolicy =
    [
        NlPolicy.None,
        NlPolicy.U16 with { Required = true },
        NlPolicy.Unspec() with { Required = true },
        NlPolicy.Unspec() with { Required = true },
    ];

    /// <summary>format_odp_actions; with portNames, output and tnl_pop print a port's name instead of its number.</summary>
    public static void Format(StringBuilder sb, ReadOnlySpan<byte> actions, IReadOnlyDictionary<uint, string>? portNames = null)
    {
        if (actions.IsEmpty)
        {
            sb.Append("drop");
            return;
        }

        var reader = new NlAttrReader(actions);
        bool first = true;
        while (reader.MoveNext())
        {
            if (!first)
            {
                sb.Append(',');
            }

            FormatAction(sb, reader.Current, portNames);
            first = false;
        }

        int left = reader.Leftover;
        if (left > 0)
        {
            if (left == actions.Length)
            {
                sb.Append("<empty>");
            }

            sb.Append(s_inv, $",***{left} leftover bytes*** (");
            foreach (byte b in actions[reader.Offset..])
            {
                sb.Append(s_inv, $"{b:x2}");
            }

            sb.Append(')');
        }
    }

    /// <summary>odp_portno_name_format: the port's name when known, else its number.</summary>
    internal static void AppendPort(StringBuilder sb, uint port, IReadOnlyDictionary<uint, string>? portNames)
    {
        if (portNames is not null && portNames.TryGetValue(port, out string? name))
        {
            sb.Append(name);
        }
        else
        {
            sb.Append(port.ToString(s_inv));
        }
    }

    private static void Generic(StringBuilder sb, NlAttr a)
    {
        sb.Append(s_inv, $"action{a.Type}");
        for (int i = 0; i < a.Size; i++)
        {
            sb.Append(i == 0 ? '(' : ' ').Append(s_inv, $"{a.Payload[i]:x2}");
        }

        if (a.Size > 0)
        {
            sb.Append(')');
        }
    }

    private static void FormatAction(StringBuilder sb, NlAttr a, IReadOnlyDictionary<uint, string>? portNames)
    {
        int expected = OdpActionAttr.ExpectedSize(a.Type);
        if (expected == OdpActionAttr.Invalid)
        {
            // Upstream compares the size with its "invalid" length (-1), which never matches.
            sb.Append(s_inv, $"bad length {a.Size}, expected -1 for: ");
            Generic(sb, a);
            return;
        }

        if (expected >= 0 && a.Size != expected)
        {
            sb.Append(s_inv, $"bad length {a.Size}, expected {expected} for: ");
            Generic(sb, a);
            return;
        }

        ReadOnlySpan<byte> p = a.Payload;
        switch (a.Type)
        {
            case OdpActionAttr.Meter:
                sb.Append(s_inv, $"meter({a.U32})");
                break;
            case OdpActionAttr.Output:
                AppendPort(sb, a.U32, portNames);
                break;
            case OdpActionAttr.LbOutput:
                sb.Append(s_inv, $"lb_output({a.U32})");
                break;
            case OdpActionAttr.Trunc:
                sb.Append(s_inv, $"trunc({a.U32})");
                break;
            case OdpActionAttr.TunnelPop:
                sb.Append("tnl_pop(");
                AppendPort(sb, a.U32, portNames);
                sb.Append(')');
                break;
            case OdpActionAttr.TunnelPush:
                TunnelPushHeader.Format(sb, p);
                break;
            case OdpActionAttr.Userspace:
                FormatUserspace(sb, p);
                break;
            case OdpActionAttr.Recirc:
                sb.Append("recirc(");
                OdpTextFormat.AppendAltHex(sb, a.U32);
                sb.Append(')');
                break;
            case OdpActionAttr.Hash:
                {
                    uint alg = UserActionCookie.ReadU32(p, 0);
                    uint basis = UserActionCookie.ReadU32(p, 4);
                    sb.Append("hash(");
                    if (alg == 0)
                    {
                        sb.Append(s_inv, $"l4({basis})");
                    }
                    else if (alg == 1)
                    {
                        sb.Append(s_inv, $"sym_l4({basis})");
                    }
                    else
                    {
                        sb.Append(s_inv, $"Unknown hash algorithm({alg})");
                    }

                    sb.Append(')');
                    break;
                }

            case OdpActionAttr.SetMasked:
                FormatSetMasked(sb, p);
                break;
            case OdpActionAttr.Set:
                sb.Append("set(");
                FormatSingleKey(sb, p, default, true);
                sb.Append(')');
                break;
            case OdpActionAttr.PushEth:
                sb.Append("push_eth(src=").Append(EthAddr.Read(p).ToString()).Append(",dst=").Append(EthAddr.Read(p[6..]).ToString()).Append(')');
                break;
            case OdpActionAttr.PopEth:
                sb.Append("pop_eth");
                break;
            case OdpActionAttr.PushVlan:
                {
                    ushort tpid = BinaryPrimitives.ReadUInt16BigEndian(p);
                    ushort tci = BinaryPrimitives.ReadUInt16BigEndian(p[2..]);
                    sb.Append("push_vlan(");
                    if (tpid != 0x8100)
                    {
                        sb.Append(s_inv, $"tpid=0x{tpid:x4},");
                    }

                    OdpKeyFormatter.FormatVlanTci(sb, tci, 0xffff, false);
                    sb.Append(')');
                    break;
                }

            case OdpActionAttr.PopVlan:
                sb.Append("pop_vlan");
                break;
            case OdpActionAttr.PushMpls or OdpActionAttr.AddMpls:
                sb.Append(a.Type == OdpActionAttr.PushMpls ? "push_mpls(" : "add_mpls(");
                OdpKeyFormatter.FormatMplsLse(sb, BinaryPrimitives.ReadUInt32BigEndian(p));
                sb.Append(s_inv, $",eth_type=0x{BinaryPrimitives.ReadUInt16BigEndian(p[4..]):x})");
                break;
            case OdpActionAttr.PopMpls:
                sb.Append(s_inv, $"pop_mpls(eth_type=0x{a.Be16:x})");
                break;
            case OdpActionAttr.Sample:
                FormatSample(sb, p, portNames);
                break;
            case OdpActionAttr.Ct:
                FormatConntrack(sb, p);
                break;
            case OdpActionAttr.CtClear:
                sb.Append("ct_clear");
                break;
            case OdpActionAttr.Clone:
                sb.Append("clone(");
                Format(sb, p, portNames);
                sb.Append(')');
                break;
            case OdpActionAttr.PushNsh:
                PushNshAction.Format(sb, p);
                break;
            case OdpActionAttr.PopNsh:
                sb.Append("pop_nsh()");
                break;
            case OdpActionAttr.CheckPktLen:
                FormatCheckPktLen(sb, p, portNames);
                break;
            case OdpActionAttr.Drop:
                sb.Append("drop");
                break;
            default:
                Generic(sb, a);
                break;
        }
    }

    /// <summary>One key attribute (the payload of a set action), with an optional mask, as format_odp_key_attr.</summary>
    private static void FormatSingleKey(StringBuilder sb, ReadOnlySpan<byte> attr, ReadOnlySpan<byte> maskAttr, bool verbose)
    {
        var r = new NlAttrReader(attr);
        if (!r.MoveNext())
        {
            return;
        }

        OdpKeyFormatter.FormatOne(sb, r.Current, maskAttr, verbose);
    }

    private static void FormatSetMasked(StringBuilder sb, ReadOnlySpan<byte> payload)
    {
        var r = new NlAttrReader(payload);
        if (!r.MoveNext())
        {
            sb.Append("set()");
            return;
        }

        NlAttr inner = r.Current;
        if (inner.Type == OdpKeyAttr.Nsh)
        {
            FormatSetNsh(sb, inner.Payload);
            return;
        }

        sb.Append("set(");
        int size = inner.Size / 2;
        if (size <= 40)
        {
            Span<byte> key = stackalloc byte[NlAttr.Align(NlAttr.HeaderSize + size)];
            Span<byte> mask = stackalloc byte[NlAttr.Align(NlAttr.HeaderSize + size)];
            var kw = new NlWriter(key);
            kw.PutBytes(inner.Type, inner.Payload[..size]);
            var mw = new NlWriter(mask);
            mw.PutBytes(inner.Type, inner.Payload.Slice(size, size));
            FormatSingleKey(sb, kw.Written, mw.Written, false);
        }
        else
        {
            FormatSingleKey(sb, payload, default, false);
        }

        sb.Append(')');
    }

    /// <summary>format_odp_set_nsh: each nested NSH attribute carries its value then its mask. An attribute of
    /// another type or size makes the whole action print nothing, as upstream does.</summary>
    private static void FormatSetNsh(StringBuilder sb, ReadOnlySpan<byte> nested)
    {
        Span<byte> key = stackalloc byte[24];
        Span<byte> mask = stackalloc byte[24];
        key.Clear();
        mask.Fill(0xff);
        foreach (NlAttr a in new NlAttrReader(nested))
        {
            if (a.Type >= OdpNshAttr.Md2)
            {
                return;
            }

            int expected = OdpNshAttr.ExpectedSize(a.Type);
            if (expected != OdpKeyAttr.Variable && a.Size != 2 * expected)
            {
                return;
            }

            if (a.Type == OdpNshAttr.Base)
            {
                a.Payload[..8].CopyTo(key);
                a.Payload[8..].CopyTo(mask);
            }
            else if (a.Type == OdpNshAttr.Md1)
            {
                a.Payload[..16].CopyTo(key[8..]);
                a.Payload[16..].CopyTo(mask[8..]);
            }
        }

        sb.Append("set(nsh(");
        OdpKeyFormatter.FormatNshMasked(sb, key, mask);
        sb.Append("))");
    }

    private static void FormatSample(StringBuilder sb, ReadOnlySpan<byte> payload, IReadOnlyDictionary<uint, string>? portNames)
    {
        sb.Append("sample");
        if (!NlPolicy.Validate(payload, s_samplePolicy)
            || !NlAttrReader.TryFindLast(payload, OdpSampleAttr.Probability, out NlAttr prob)
            || !NlAttrReader.TryFindLast(payload, OdpSampleAttr.Actions, out NlAttr acts))
        {
            sb.Append("(error)");
            return;
        }

        double percentage = 100.0 * prob.U32 / uint.MaxValue;
        sb.Append("(sample=").Append(percentage.ToString("F1", s_inv)).Append("%,actions(");
        Format(sb, acts.Payload, portNames);
        sb.Append("))");
    }

    private static void FormatCheckPktLen(StringBuilder sb, ReadOnlySpan<byte> payload, IReadOnlyDictionary<uint, string>? portNames)
    {
        sb.Append("check_pkt_len");
        if (!NlPolicy.Validate(payload, s_checkPktLenPolicy)
            || !NlAttrReader.TryFindLast(payload, OdpCheckPktLenAttr.PktLen, out NlAttr len)
            || !NlAttrReader.TryFindLast(payload, OdpCheckPktLenAttr.ActionsIfGreater, out NlAttr gt)
            || !NlAttrReader.TryFindLast(payload, OdpCheckPktLenAttr.ActionsIfLessEqual, out NlAttr le))
        {
            sb.Append("(error)");
            return;
        }

        sb.Append(s_inv, $"(size={len.U16},gt(");
        Format(sb, gt.Payload, portNames);
        sb.Append("),le(");
        Format(sb, le.Payload, portNames);
        sb.Append("))");
    }

}
