// Upstream: decode_NXAST_RAW_LEARN(), decode_NXAST_RAW_LEARN2() and learn_min_len() of lib/ofp-actions.c (OVS 3.1)
//
// nx_action_learn: idle/hard timeouts, priority, cookie, flags, table, pad, fin timeouts (32 bytes with the
// vendor header); learn2 adds limit, result_dst_ofs and pad (40 bytes) and, with the write-result flag, the
// result_dst header. Then flow_mod_specs, each a 16-bit header (src type, dst type, n_bits) followed by the source
// (field header and offset, or an immediate value of n_bits rounded up to 16-bit units) and the destination
// (field header and offset) unless it is output. A zero header ends the list; the rest must be zero.
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionDecoder
{
    private OfpError DecodeLearn(ReadOnlySpan<byte> a, bool learn2, out OfpAct? act)
    {
        act = null;
        ushort flags = U16(a, 24);
        if ((flags & ~(learn2 ? 7 : 3)) != 0)
        {
            return OfpError.OfpbacBadArgument;
        }

        byte table = a[26];
        if (table == 0xff)
        {
            return OfpError.OfpbacBadArgument;
        }

        int pos = 32;
        uint limit = 0;
        Subfield? resultDst = null;
        if (learn2)
        {
            limit = U32(a, 32);
            int resultOfs = U16(a, 36);
            pos = 40;
            if ((flags & LearnAct.FlagWriteResult) != 0)
            {
                OfpError herr = PullHeader(a[pos..], out FieldInfo? rf, out bool masked, out int used);
                if (herr != OfpError.None)
                {
                    return herr;
                }

                if (masked)
                {
                    return OfpError.OfpbacBadArgument;
                }

                pos += used;
                var rd = new Subfield(rf!, resultOfs, 1);
                if (resultOfs >= rf!.Bits)
                {
                    return OfpError.OfpbacBadSetLen;
                }

                OfpError derr = CheckDst(rd);
                if (derr != OfpError.None)
                {
                    return derr;
                }

                resultDst = rd;
            }
        }

        var specs = new List<LearnSpec>();
        while (a.Length - pos >= 2)
        {
            ushort header = U16(a, pos);
            if (header == 0)
            {
                break;
            }

            pos += 2;
            bool immediate = (header & LearnSpec.SrcImmediate) != 0;
            int dstType = header & 0x1800;
            int bits = header & 0x3ff;
            if ((header & 0xc000) != 0 || dstType == 0x1800 || bits == 0)
            {
                return OfpError.OfpbacBadArgument;
            }

            Subfield src = default;
            byte[] value = [];
            if (immediate)
            {
                if (dstType == LearnSpec.DstOutput)
                {
                    return OfpError.OfpbacBadArgument;
                }

                int bytes = 2 * ((bits + 15) / 16);
                if (a.Length - pos < bytes)
                {
                    return OfpError.OfpbacBadLen;
                }

                value = a.Slice(pos, bytes).ToArray();
                pos += bytes;
            }
            else
            {
                if (a.Length - pos < 6)
                {
                    return OfpError.OfpbacBadLen;
                }

                OfpError serr = SubfieldFromHeader(U32(a, pos), U16(a, pos + 4), bits, out src);
                if (serr != OfpError.None)
                {
                    return serr;
                }

                pos += 6;
            }

            Subfield dst = default;
            if (dstType != LearnSpec.DstOutput)
            {
                if (a.Length - pos < 6)
                {
                    return OfpError.OfpbacBadLen;
                }

                OfpError derr = SubfieldFromHeader(U32(a, pos), U16(a, pos + 4), bits, out dst);
                if (derr != OfpError.None)
                {
                    return derr;
                }

                if (dstType == LearnSpec.DstLoad)
                {
                    derr = CheckDst(dst);
                    if (derr != OfpError.None)
                    {
                        return derr;
                    }
                }

                pos += 6;
            }

            if (immediate)
            {
                // Keep the immediate in the destination's width: the low n_bits of the wire value.
                var widened = new byte[dst.Field.Size];
                for (int k = 0; k < bits; k++)
                {
                    OfpActText.SetBit(widened, k, OfpActText.GetBit(value, k));
                }

                value = widened;
            }

            specs.Add(new LearnSpec { SrcIsImmediate = immediate, Src = src, Immediate = value, DstType = dstType, Dst = dst, NBits = bits });
        }

        if (!AllZero(a[pos..]))
        {
            return OfpError.OfpbacBadArgument;
        }

        act = new LearnAct
        {
            IdleTimeout = U16(a, 10),
            HardTimeout = U16(a, 12),
            Priority = U16(a, 14),
            Cookie = U64(a, 16),
            Flags = flags,
            TableId = table,
            FinIdleTimeout = U16(a, 28),
            FinHardTimeout = U16(a, 30),
            Limit = limit,
            ResultDst = resultDst,
            Specs = specs,
            Learn2 = learn2,
        };
        return OfpError.None;
    }
}
