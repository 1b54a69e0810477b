// Upstream: format_odp_tun_attr(), format_odp_tun_vxlan_opt(), format_geneve_opts() and format_odp_nsh_attr() in
// lib/odp-util.c (OVS 3.1).
// Tunnel keys are nested attributes; the df/csum/oam flags are flag attributes (present = set) and the "key" flag
// means tun_id is present. A nested mask may omit attributes, which then count as fully wildcarded.
using System.Buffers.Binary;
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Flow.Text;

namespace Ovs.Dpif.Odp;

internal static partial class OdpKeyFormatter
{
    public const uint TunFlagOam = 1;
    public const uint TunFlagDontFragment = 2;
    public const uint TunFlagCsum = 4;
    public const uint TunFlagKey = 8;

    private static void FormatTunnel(StringBuilder sb, ReadOnlySpan<byte> key, bool hasMask, ReadOnlySpan<byte> mask, bool verbose)
    {
        uint flags = 0;
        uint maskFlags = 0;
        foreach (NlAttr a in new NlAttrReader(key))
        {
            bool found = false;
            scoped NlAttr ma = default;
            if (hasMask)
            {
                found = NlAttrReader.TryFind(mask, a.Type, out ma);
                if (!found)
                {
                    var w = new NlWriter(WildcardBuffer(a));
                    WildcardMask(ref w, a, OdpTunnelAttr.ExpectedSize);
                    var r = new NlAttrReader(w.Written);
                    r.MoveNext();
                    ma = r.Current;
                    found = true;
                }
            }

            if (!CheckLength(sb, a, found, ma, OdpTunnelAttr.ExpectedSize, OdpTunnelAttr.Max, true))
            {
                continue;
            }

            ReadOnlySpan<byte> m = found ? ma.Payload : default;
            switch (a.Type)
            {
                case OdpTunnelAttr.Id:
                    {
                        ulong? idMask = found ? BinaryPrimitives.ReadUInt64BigEndian(m) : null;
                        if (verbose || idMask != 0)
                        {
                            sb.Append("tun_id=0x").Append(a.Be64.ToString("x", s_inv));
                            if (idMask is ulong im && im != ulong.MaxValue)
                            {
                                sb.Append('/');
                                OdpTextFormat.AppendAltHex(sb, im);
                            }

                            sb.Append(',');
                        }

                        flags |= TunFlagKey;
                        if (found)
                        {
                            maskFlags |= TunFlagKey;
                        }

                        break;
                    }

                case OdpTunnelAttr.Ipv4Src:
                    OdpTextFormat.Ipv4(sb, "src", a.Payload, m, verbose);
                    break;
                case OdpTunnelAttr.Ipv4Dst:
                    OdpTextFormat.Ipv4(sb, "dst", a.Payload, m, verbose);
                    break;
                case OdpTunnelAttr.Ipv6Src:
                    OdpTextFormat.Ipv6(sb, "ipv6_src", a.Payload, m, verbose);
                    break;
                case OdpTunnelAttr.Ipv6Dst:
                    OdpTextFormat.Ipv6(sb, "ipv6_dst", a.Payload, m, verbose);
                    break;
                case OdpTunnelAttr.Tos:
                    OdpTextFormat.U8Hex(sb, "tos", a.Payload, m, 0, verbose);
                    break;
                case OdpTunnelAttr.Ttl:
                    OdpTextFormat.U8Dec(sb, "ttl", a.Payload, m, 0, verbose);
                    break;
                case OdpTunnelAttr.DontFragment:
                    flags |= TunFlagDontFragment;
                    break;
                case OdpTunnelAttr.Csum:
                    flags |= TunFlagCsum;
                    break;
                case OdpTunnelAttr.Oam:
                    flags |= TunFlagOam;
                    break;
                case OdpTunnelAttr.TpSrc:
                    OdpTextFormat.Be16Dec(sb, "tp_src", a.Payload, m, 0, verbose);
                    break;
                case OdpTunnelAttr.TpDst:
                    OdpTextFormat.Be16Dec(sb, "tp_dst", a.Payload, m, 0, verbose);
                    break;
                case OdpTunnelAttr.VxlanOpts:
                    sb.Append("vxlan(");
                    FormatVxlan(sb, a.Payload, found, m, verbose);
                    sb.Append("),");
                    break;
                case OdpTunnelAttr.GeneveOpts:
                    sb.Append("geneve(");
                    if (found && a.Size != ma.Size)
                    {
                        sb.Append(s_inv, $"value len {a.Size} different from mask len {ma.Size}");
                    }
                    else
                    {
                        FormatGeneve(sb, a.Payload, m, verbose);
                    }

                    sb.Append("),");
                    break;
                case OdpTunnelAttr.Pad:
                    break;
                case OdpTunnelAttr.GtpuOpts:
                    // format_odp_tun_gtpu_opt(): the flags in hexadecimal, the message type in decimal.
                    sb.Append("gtpu(flags=0x").Append(a.Payload[0].ToString("x", s_inv));
                    AppendByteMask(sb, m, 0, hex: true);
                    sb.Append(",msgtype=").Append(a.Payload[1].ToString(s_inv));
                    AppendByteMask(sb, m, 1, hex: false);
                    sb.Append("),");
                    break;
                case OdpTunnelAttr.ErspanOpts:
                    sb.Append("erspan(");
                    OdpTextFormat.Hex(sb, a.Payload);
                    sb.Append("),");
                    break;
                default:
                    FormatUnknownKey(sb, a, found, ma);
                    break;
            }
        }

        if (hasMask)
        {
            foreach (NlAttr a in new NlAttrReader(mask))
            {
                maskFlags |= a.Type switch
                {
                    OdpTunnelAttr.DontFragment => TunFlagDontFragment,
                    OdpTunnelAttr.Csum => TunFlagCsum,
                    OdpTunnelAttr.Oam => TunFlagOam,
                    _ => 0,
                };
            }
        }

        if (verbose || !hasMask || maskFlags != 0)
        {
            sb.Append("flags(");
            if (hasMask)
            {
                FlagNames.FormatMasked(sb, null, FlagNames.TunnelFlag, flags, maskFlags & 0xf, 0xf);
            }
            else
            {
                FlagNames.Format(sb, FlagNames.TunnelFlag, flags, '|');
            }

            sb.Append("),");
        }

        OdpTextFormat.Chomp(sb, ',');
    }

    private static void FormatUnknownKey(StringBuilder sb, NlAttr a, bool hasMask, NlAttr ma)
    {
        sb.Append(s_inv, $"key{a.Type}(");
        OdpTextFormat.Hex(sb, a.Payload);
        if (hasMask && !IsConstantMask(ma.Type, ma.Payload, 0xff))
        {
            sb.Append('/');
            OdpTextFormat.Hex(sb, ma.Payload);
        }

        sb.Append("),");
    }

    private static void FormatVxlan(StringBuilder sb, ReadOnlySpan<byte> key, bool hasMask, ReadOnlySpan<byte> mask, bool verbose)
    {
        foreach (NlAttr a in new NlAttrReader(key))
        {
            bool found = false;
            scoped NlAttr ma = default;
            if (hasMask)
            {
                found = true;
                if (!NlAttrReader.TryFind(mask, a.Type, out ma))
                {
                    // A missing mask means fully wildcarded: zeros of the key's size.
                    ma = new NlAttr(a.Type, new byte[a.Size]);
                }
            }

            if (!CheckLength(sb, a, found, ma, OdpTunnelAttr.VxlanExtSize, OdpTunnelAttr.VxlanExtMax, true))
            {
                continue;
            }

            if (a.Type == OdpTunnelAttr.VxlanExtGbp)
            {
                uint k = a.U32;
                uint? m = found ? ma.U32 : null;
                sb.Append("gbp(");
                OdpTextFormat.Number(sb, "id", k & 0xffff, m & 0xffff, 0xffff, false, verbose);
                OdpTextFormat.Number(sb, "flags", (k >> 16) & 0xff, (m >> 16) & 0xff, 0xff, true, verbose);
                OdpTextFormat.Chomp(sb, ',');
                sb.Append("),");
            }
            else
            {
                FormatUnknownKey(sb, a, found, ma);
            }
        }

        OdpTextFormat.Chomp(sb, ',');
    }

    private static void FormatGeneve(StringBuilder sb, ReadOnlySpan<byte> opts, ReadOnlySpan<byte> mask, bool verbose)
    {
        bool hasMask = !mask.IsEmpty;
        while (opts.Length > 0)
        {
            if (opts.Length < 4)
            {
                sb.Append(s_inv, $"opt len {opts.Length} less than minimum 4");
                return;
            }

            int dataSize = (opts[3] & 0x1f) * 4;
            int size = 4 + dataSize;
            if (size > opts.Length)
            {
                sb.Append(s_inv, $"opt len {size} greater than remaining {opts.Length}");
                return;
            }

            sb.Append('{');
            OdpTextFormat.Number(sb, "class", BinaryPrimitives.ReadUInt16BigEndian(opts), hasMask ? BinaryPrimitives.ReadUInt16BigEndian(mask) : null, 0xffff, true, verbose);
            OdpTextFormat.Number(sb, "type", opts[2], hasMask ? mask[2] : null, 0xff, true, verbose);
            ulong? lenMask = hasMask ? ((mask[3] & 0x1f) == 0x1f ? 0xffu : (ulong)(mask[3] & 0x1f)) : null;
            OdpTextFormat.Number(sb, "len", (ulong)dataSize, lenMask, 0xff, false, verbose);
            ReadOnlySpan<byte> data = opts.Slice(4, dataSize);
            ReadOnlySpan<byte> dataMask = hasMask ? mask.Slice(4, dataSize) : default;
            if (dataSize > 0 && (verbose || !hasMask || dataMask.ContainsAnyExcept((byte)0)))
            {
                OdpTextFormat.BigHex(sb, data);
                if (hasMask && dataMask.ContainsAnyExcept((byte)0xff))
                {
                    sb.Append('/');
                    OdpTextFormat.BigHex(sb, dataMask);
                }
            }
            else
            {
                OdpTextFormat.Chomp(sb, ',');
            }

            sb.Append('}');
            opts = opts[size..];
            if (hasMask)
            {
                mask = mask[size..];
            }
        }
    }

    /// <summary>Geneve options without a mask, as tnl_push headers print them.</summary>
    internal static void FormatGeneveOptions(StringBuilder sb, ReadOnlySpan<byte> opts) => FormatGeneve(sb, opts, default, false);

    private static void FormatNsh(StringBuilder sb, ReadOnlySpan<byte> key, bool hasMask, ReadOnlySpan<byte> mask)
    {
        Span<byte> k = stackalloc byte[24];
        Span<byte> m = stackalloc byte[24];
        k.Clear();
        m.Fill(0xff);
        foreach (NlAttr a in new NlAttrReader(key))
        {
            bool found = hasMask && NlAttrReader.TryFind(mask, a.Type, out _);
            NlAttr ma = default;
            if (found)
            {
                NlAttrReader.TryFind(mask, a.Type, out ma);
            }

            if (!CheckLength(sb, a, found, ma, OdpNshAttr.ExpectedSize, 3, true))
            {
                continue;
            }

            if (a.Type == OdpNshAttr.Base)
            {
                a.Payload.CopyTo(k);
                if (found)
                {
                    ma.Payload.CopyTo(m);
                }
            }
            else if (a.Type == OdpNshAttr.Md1)
            {
                a.Payload.CopyTo(k[8..]);
                if (found)
                {
                    ma.Payload.CopyTo(m[8..]);
                }
            }
        }

        uint pathHdr = BinaryPrimitives.ReadUInt32BigEndian(k[4..]);
        if (!hasMask)
        {
            sb.Append(s_inv, $"flags={k[0]},ttl={k[1]},mdtype={k[2]},np={k[3]},spi=0x{pathHdr >> 8:x},si={pathHdr & 0xff}");
            if (k[2] == 1)
            {
                for (int i = 0; i < 4; i++)
                {
                    sb.Append(s_inv, $",c{i + 1}=0x{BinaryPrimitives.ReadUInt32BigEndian(k[(8 + (4 * i))..]):x}");
                }
            }

            return;
        }

        FormatNshMasked(sb, k, m);
    }

    /// <summary>format_nsh_key_mask: the 24-byte ovs_key_nsh value and mask, fields with a zero mask left out.</summary>
    internal static void FormatNshMasked(StringBuilder sb, ReadOnlySpan<byte> k, ReadOnlySpan<byte> m)
    {
        uint pathHdr = BinaryPrimitives.ReadUInt32BigEndian(k[4..]);
        uint pathMask = BinaryPrimitives.ReadUInt32BigEndian(m[4..]);
        uint spiMask = pathMask >> 8;
        if (spiMask == 0xffffff)
        {
            spiMask = uint.MaxValue;
        }

        bool first = true;
        NshU8(sb, ref first, "flags", k[0], m[0]);
        NshU8(sb, ref first, "ttl", k[1], m[1]);
        NshU8(sb, ref first, "mdtype", k[2], m[2]);
        NshU8(sb, ref first, "np", k[3], m[3]);
        NshBe32(sb, ref first, "spi", pathHdr >> 8, spiMask);
        NshU8(sb, ref first, "si", (byte)pathHdr, (byte)pathMask);
        for (int i = 0; i < 4; i++)
        {
            NshBe32(sb, ref first, "c" + (i + 1).ToString(s_inv), BinaryPrimitives.ReadUInt32BigEndian(k[(8 + (4 * i))..]),
                BinaryPrimitives.ReadUInt32BigEndian(m[(8 + (4 * i))..]));
        }
    }

    private static void NshU8(StringBuilder sb, ref bool first, string name, byte value, byte mask)
    {
        if (mask == 0)
        {
            return;
        }

        sb.Append(first ? "" : ",").Append(name).Append('=');
        if (mask == 0xff)
        {
            sb.Append(value.ToString(s_inv));
        }
        else
        {
            sb.Append(s_inv, $"0x{value:x2}/0x{mask:x2}");
        }

        first = false;
    }

    internal static void NshBe32(StringBuilder sb, ref bool first, string name, uint value, uint mask)
    {
        if (mask == 0)
        {
            return;
        }

        sb.Append(first ? "" : ",").Append(name).Append('=');
        if (mask == uint.MaxValue)
        {
            sb.Append(s_inv, $"0x{value:x}");
        }
        else
        {
            sb.Append(s_inv, $"0x{value:x}/0x{mask:x8}");
        }

        first = false;
    }

    /// <summary>"/MASK" after a one-byte option field whose mask is given and not all ones.</summary>
    private static void AppendByteMask(StringBuilder sb, ReadOnlySpan<byte> mask, int index, bool hex)
    {
        if (mask.Length > index && mask[index] != 0xff)
        {
            sb.Append('/').Append(hex ? "0x" + mask[index].ToString("x", s_inv) : mask[index].ToString(s_inv));
        }
    }
}
