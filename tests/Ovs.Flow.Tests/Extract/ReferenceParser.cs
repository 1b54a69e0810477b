// A slow, plain reference for FlowExtractor, written separately from it: a cursor that hands out byte arrays,
// one method per header, and fields stored by name through FlowData's big-endian setters. It states upstream's
// rules (OVS 3.1 miniflow_extract, as documented in FlowExtractor) in the most direct way, with no attention to
// speed, so that the differential test can catch slips in the optimized code.
using Ovs.Flow.Extract;

namespace Ovs.Flow.Tests.Extract;

internal sealed class ReferenceParser
{
    private readonly byte[] _frame;
    private int _at;
    private int _limit;
    private FlowData _flow;
    private LayerOffsets _offsets = LayerOffsets.None;

    private ReferenceParser(byte[] frame)
    {
        _frame = frame;
        _limit = frame.Length;
    }

    public static (FlowData Flow, LayerOffsets Offsets) Parse(byte[] frame, PacketMetadata md)
    {
        var p = new ReferenceParser(frame);
        p.Run(md);
        return (p._flow, p._offsets);
    }

    private int Left => _limit - _at;

    private byte[]? Take(int n)
    {
        if (n < 0 || Left < n)
        {
            return null;
        }

        byte[] b = _frame.AsSpan(_at, n).ToArray();
        _at += n;
        return b;
    }

    private byte[]? Peek(int n) => Left < n ? null : _frame.AsSpan(_at, n).ToArray();

    private static int U16(byte[] b, int i) => (b[i] << 8) | b[i + 1];

    private static uint U32(byte[] b, int i) => (uint)((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);

    private void Put(int offset, byte[] b, int from, int count) => b.AsSpan(from, count).CopyTo(_flow.Bytes[offset..]);

    private void Run(PacketMetadata md)
    {
        Metadata(md);
        int ethType;
        if (md.PacketType == 0)
        {
            _offsets.L2 = 0;
            byte[]? macs = Peek(14);
            if (macs is null)
            {
                return;
            }

            _at = 12;
            Put(FlowLayout.DlDst, macs, 0, 6);
            Put(FlowLayout.DlSrc, macs, 6, 6);
            int tags = 0;
            while (tags < 2)
            {
                byte[]? tag = Peek(6);
                if (tag is null || (U16(tag, 0) != 0x8100 && U16(tag, 0) != 0x88a8))
                {
                    break;
                }

                int tpidAt = tags == 0 ? FlowLayout.VlanTpid : FlowLayout.Vlan1Tpid;
                int tciAt = tags == 0 ? FlowLayout.VlanTci : FlowLayout.Vlan1Tci;
                _flow.SetU16(tpidAt, (ushort)U16(tag, 0));
                _flow.SetU16(tciAt, (ushort)(U16(tag, 2) | 0x1000));
                _at += 4;
                tags++;
            }

            ethType = U16(Take(2)!, 0);
            if (ethType < 0x600)
            {
                ethType = 0x05ff;
                byte[]? snap = Peek(8);
                if (snap is not null && snap[0] == 0xaa && snap[1] == 0xaa && snap[2] == 3 && snap[3] == 0 && snap[4] == 0 && snap[5] == 0)
                {
                    _at += 8;
                    if (U16(snap, 6) >= 0x600)
                    {
                        ethType = U16(snap, 6);
                    }
                }
            }
        }
        else
        {
            ethType = (int)(md.PacketType & 0xffff);
        }

        _flow.SetU16(FlowLayout.DlType, (ushort)ethType);
        if (ethType is 0x8847 or 0x8848)
        {
            _offsets.L2_5 = (ushort)_at;
            int[] slots = [FlowLayout.MplsLse, FlowLayout.MplsLse1, FlowLayout.MplsLse2];
            for (int n = 0; ; n++)
            {
                byte[]? lse = Take(4);
                if (lse is null)
                {
                    break;
                }

                if (n < 3)
                {
                    _flow.SetU32(slots[n], U32(lse, 0));
                }

                if ((lse[2] & 1) == 1)
                {
                    break;
                }
            }
        }

        _offsets.L3 = (ushort)_at;
        switch (ethType)
        {
            case 0x0800:
                Ipv4(md);
                break;
            case 0x86dd:
                Ipv6(md);
                break;
            case 0x0806 or 0x8035:
                Arp();
                break;
            case 0x894f:
                Nsh();
                break;
        }
    }

    private void Metadata(PacketMetadata md)
    {
        if (md.TunDst != 0 || !md.TunIpv6Dst.IsZero)
        {
            _flow.SetU64(FlowLayout.TunId, md.TunId);
            _flow.SetU32(FlowLayout.TunSrc, md.TunSrc);
            _flow.SetU32(FlowLayout.TunDst, md.TunDst);
            _flow.SetU64(FlowLayout.TunIpv6Src, md.TunIpv6Src.High);
            _flow.SetU64(FlowLayout.TunIpv6Src + 8, md.TunIpv6Src.Low);
            _flow.SetU64(FlowLayout.TunIpv6Dst, md.TunIpv6Dst.High);
            _flow.SetU64(FlowLayout.TunIpv6Dst + 8, md.TunIpv6Dst.Low);
            _flow.SetU16(FlowLayout.TunFlags, md.TunFlags);
            _flow.SetU16(FlowLayout.TunGbpId, md.TunGbpId);
            _flow.SetU8(FlowLayout.TunGbpFlags, md.TunGbpFlags);
            _flow.SetU8(FlowLayout.TunTos, md.TunTos);
            _flow.SetU8(FlowLayout.TunTtl, md.TunTtl);
            _flow.SetU8(FlowLayout.TunErspanVer, md.TunErspanVer);
            _flow.SetU32(FlowLayout.TunErspanIdx, md.TunErspanIdx);
            _flow.SetU8(FlowLayout.TunErspanDir, md.TunErspanDir);
            _flow.SetU8(FlowLayout.TunErspanHwid, md.TunErspanHwid);
            _flow.SetU8(FlowLayout.TunGtpuFlags, md.TunGtpuFlags);
            _flow.SetU8(FlowLayout.TunGtpuMsgtype, md.TunGtpuMsgtype);
            if (md.TunMetadataPresent != 0)
            {
                _flow.SetU64(FlowLayout.TunMetadataPresent, md.TunMetadataPresent);
                for (int i = 0; i < FlowLayout.TunMetadataOptsSize; i++)
                {
                    _flow.SetU8(FlowLayout.TunMetadataOpts + i, md.TunMetadataOpts.ReadOnlyBytes[i]);
                }
            }
        }

        _flow.SetU32(FlowLayout.SkbPriority, md.SkbPriority);
        _flow.SetU32(FlowLayout.PktMark, md.PktMark);
        _flow.SetU32(FlowLayout.DpHash, md.DpHash);
        _flow.SetU32(FlowLayout.RecircId, md.RecircId);
        _flow.SetU16(FlowLayout.InPort, md.InPort);
        _flow.SetU32(FlowLayout.PacketType, md.PacketType);
        if (md.CtState != 0)
        {
            _flow.SetU8(FlowLayout.CtState, md.CtState);
            _flow.SetU16(FlowLayout.CtZone, md.CtZone);
            _flow.SetU32(FlowLayout.CtMark, md.CtMark);
            _flow.SetU64(FlowLayout.CtLabel, (ulong)(md.CtLabel >> 64));
            _flow.SetU64(FlowLayout.CtLabel + 8, (ulong)md.CtLabel);
        }
    }

    private (ushort Src, ushort Dst) CtOriginal(PacketMetadata md, bool ipv6)
    {
        if (md.CtState == 0 || md.CtOrigTupleIpv6 != ipv6)
        {
            return (0, 0);
        }

        _flow.SetU8(FlowLayout.CtNwProto, md.CtOrigProto);
        if (md.CtOrigProto == 0)
        {
            return (0, 0);
        }

        if (ipv6)
        {
            _flow.SetU64(FlowLayout.CtIpv6Src, md.CtOrigIpv6Src.High);
            _flow.SetU64(FlowLayout.CtIpv6Src + 8, md.CtOrigIpv6Src.Low);
            _flow.SetU64(FlowLayout.CtIpv6Dst, md.CtOrigIpv6Dst.High);
            _flow.SetU64(FlowLayout.CtIpv6Dst + 8, md.CtOrigIpv6Dst.Low);
        }
        else
        {
            _flow.SetU32(FlowLayout.CtNwSrc, md.CtOrigIpv4Src);
            _flow.SetU32(FlowLayout.CtNwDst, md.CtOrigIpv4Dst);
        }

        return (md.CtOrigSrcPort, md.CtOrigDstPort);
    }

    private void Ipv4(PacketMetadata md)
    {
        byte[]? h = Peek(20);
        if (h is null)
        {
            return;
        }

        int headerLength = (h[0] & 15) * 4;
        int total = U16(h, 2);
        if (headerLength < 20 || headerLength > Left || total > Left || total < headerLength || Left - total > 65535)
        {
            return;
        }

        _offsets.L2PadSize = (ushort)(Left - total);
        _limit = _at + total;
        byte[] header = Take(headerLength)!;
        _flow.SetU32(FlowLayout.NwSrc, U32(header, 12));
        _flow.SetU32(FlowLayout.NwDst, U32(header, 16));
        (ushort ctSrc, ushort ctDst) = CtOriginal(md, ipv6: false);
        int fragment = U16(header, 6);
        bool more = (fragment & 0x2000) != 0;
        int offset = fragment & 0x1fff;
        byte frag = (byte)((more || offset != 0 ? 1 : 0) | (offset != 0 ? 2 : 0));
        Transport(header[9], header[1], header[8], frag, ctSrc, ctDst);
    }

    private void Ipv6(PacketMetadata md)
    {
        byte[]? h = Peek(40);
        if (h is null)
        {
            return;
        }

        int payload = U16(h, 4);
        if (40 + payload > Left || Left - 40 - payload > 65535)
        {
            return;
        }

        _offsets.L2PadSize = (ushort)(Left - 40 - payload);
        _limit = _at + 40 + payload;
        _at += 40;
        for (int i = 0; i < 16; i += 4)
        {
            _flow.SetU32(FlowLayout.Ipv6Src + i, U32(h, 8 + i));
            _flow.SetU32(FlowLayout.Ipv6Dst + i, U32(h, 24 + i));
        }

        (ushort ctSrc, ushort ctDst) = CtOriginal(md, ipv6: true);
        uint first = U32(h, 0);
        byte next = h[6];
        byte frag = 0;
        while (next is 0 or 43 or 60 or 51 or 44)
        {
            byte[]? ext = Peek(8);
            if (ext is null)
            {
                return;
            }

            if (next == 44)
            {
                _at += 8;
                next = ext[0];
                int offsetFlags = U16(ext, 2);
                if (offsetFlags == 0)
                {
                    continue;
                }

                frag = 1;
                if ((offsetFlags >> 3) != 0)
                {
                    frag = 3;
                    next = 44;
                    break;
                }

                continue;
            }

            int length = next == 51 ? 4 * (ext[1] + 2) : 8 * (ext[1] + 1);
            next = ext[0];
            if (Take(length) is null)
            {
                return;
            }
        }

        _flow.SetU32(FlowLayout.Ipv6Label, first & 0xfffff);
        Transport(next, (byte)(first >> 20), h[7], frag, ctSrc, ctDst);
    }

    private void Transport(byte proto, byte tos, byte ttl, byte frag, ushort ctSrc, ushort ctDst)
    {
        _offsets.L4 = (ushort)_at;
        _flow.SetU8(FlowLayout.NwProto, proto);
        _flow.SetU8(FlowLayout.NwTos, tos);
        _flow.SetU8(FlowLayout.NwTtl, ttl);
        _flow.SetU8(FlowLayout.NwFrag, frag);
        if ((frag & 2) != 0)
        {
            return;
        }

        byte[]? h;
        switch (proto)
        {
            case 6:
                h = Peek(20);
                if (h is null || (h[12] >> 4) < 5 || (h[12] >> 4) * 4 > Left)
                {
                    return;
                }

                _flow.SetU16(FlowLayout.TcpFlags, (ushort)(U16(h, 12) & 0xfff));
                Ports(h, ctSrc, ctDst);
                return;
            case 17:
                h = Peek(8);
                if (h is not null)
                {
                    Ports(h, ctSrc, ctDst);
                }

                return;
            case 132:
                h = Peek(12);
                if (h is not null)
                {
                    Ports(h, ctSrc, ctDst);
                }

                return;
            case 1:
                h = Peek(8);
                if (h is not null)
                {
                    Ports([0, h[0], 0, h[1]], ctSrc, ctDst);
                }

                return;
            case 2:
                h = Peek(8);
                if (h is not null)
                {
                    Ports([0, h[0], 0, h[1]], ctSrc, ctDst);
                    _flow.SetU32(FlowLayout.IgmpGroupIp4, U32(h, 4));
                }

                return;
            case 58:
                h = Take(8);
                if (h is not null)
                {
                    Icmpv6(h, ctSrc, ctDst);
                }

                return;
        }
    }

    private void Ports(byte[] h, ushort ctSrc, ushort ctDst)
    {
        _flow.SetU16(FlowLayout.TpSrc, (ushort)U16(h, 0));
        _flow.SetU16(FlowLayout.TpDst, (ushort)U16(h, 2));
        _flow.SetU16(FlowLayout.CtTpSrc, ctSrc);
        _flow.SetU16(FlowLayout.CtTpDst, ctDst);
    }

    private void Icmpv6(byte[] h, ushort ctSrc, ushort ctDst)
    {
        bool nd = h[1] == 0 && (h[0] == 135 || h[0] == 136);
        if (!nd)
        {
            Ports([0, h[0], 0, h[1]], ctSrc, ctDst);
            return;
        }

        _flow.SetU16(FlowLayout.TpSrc, h[0]);
        _flow.SetU16(FlowLayout.TpDst, h[1]);
        _flow.SetU32(FlowLayout.IgmpGroupIp4, U32(h, 4));
        byte[]? target = Take(16);
        if (target is null)
        {
            return;
        }

        byte[] sll = new byte[6], tll = new byte[6];
        int firstType = 0;
        bool broken = false;
        while (Left >= 8 && !broken)
        {
            byte[] opt = Peek(8)!;
            int length = opt[1] * 8;
            if (length == 0 || length > Left)
            {
                break;
            }

            if (length == 8 && (opt[0] == 1 || opt[0] == 2))
            {
                byte[] slot = opt[0] == 1 ? sll : tll;
                if (slot.Any(b => b != 0))
                {
                    broken = true;
                    break;
                }

                Array.Copy(opt, 2, slot, 0, 6);
                if (firstType == 0)
                {
                    firstType = opt[0];
                }
            }

            Take(length);
        }

        _flow.SetU16(FlowLayout.TcpFlags, (ushort)firstType);
        if (broken)
        {
            return;
        }

        Put(FlowLayout.NdTarget, target, 0, 16);
        Put(FlowLayout.ArpSha, sll, 0, 6);
        Put(FlowLayout.ArpTha, tll, 0, 6);
    }

    private void Arp()
    {
        byte[]? a = Take(28);
        if (a is null || U16(a, 0) != 1 || U16(a, 2) != 0x0800 || a[4] != 6 || a[5] != 4)
        {
            return;
        }

        _flow.SetU32(FlowLayout.NwSrc, U32(a, 14));
        _flow.SetU32(FlowLayout.NwDst, U32(a, 24));
        if (U16(a, 6) < 256)
        {
            _flow.SetU8(FlowLayout.NwProto, (byte)U16(a, 6));
        }

        Put(FlowLayout.ArpSha, a, 8, 6);
        Put(FlowLayout.ArpTha, a, 18, 6);
    }

    private void Nsh()
    {
        byte[]? h = Peek(8);
        if (h is null)
        {
            return;
        }

        int version = h[0] >> 6;
        int length = 4 * (h[1] & 0x3f);
        if (version != 0 || length > Left)
        {
            return;
        }

        byte md = h[2];
        if ((md == 1 && length != 24) || (md == 2 && length < 8))
        {
            return;
        }

        _flow.SetU8(FlowLayout.NshFlags, (byte)((h[0] >> 4) & 3));
        _flow.SetU8(FlowLayout.NshTtl, (byte)(((h[0] & 0xf) << 2) | (h[1] >> 6)));
        _flow.SetU8(FlowLayout.NshMdtype, md);
        _flow.SetU8(FlowLayout.NshNp, h[3]);
        _flow.SetU32(FlowLayout.NshPathHdr, U32(h, 4));
        if (md == 1)
        {
            byte[] all = Peek(24)!;
            for (int i = 0; i < 4; i++)
            {
                _flow.SetU32(FlowLayout.NshContext + (4 * i), U32(all, 8 + (4 * i)));
            }
        }
    }
}
