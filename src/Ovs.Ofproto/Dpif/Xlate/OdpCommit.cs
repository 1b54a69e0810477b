// Upstream: commit_odp_actions() and the commit_set_*_action() family of lib/odp-util.c (OVS 3.1).
// Before each output, translation brings the packet the datapath holds ("base", what earlier actions already
// did to it) up to date with the flow that OpenFlow actions have built: for each datapath key (Ethernet, IPv4,
// IPv6, transport ports, ICMP, ARP, ND, priority, mark) whose fields differ, it appends a set action, and pops and
// pushes VLAN headers until the stacks agree.
//
// The form of a set follows the fields' wildcards: only the fields that differ are written, with the wildcard bits
// of those fields as the mask. If that mask covers the whole key, or the datapath cannot do masked sets, the
// action is a plain set(...) of the whole key and every bit of the key becomes part of the megaflow; otherwise it
// is a masked set whose mask is those bits.
using System.Buffers.Binary;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Packets;

namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>Why a datapath flow must stay in the userspace slow path (upstream's enum slow_path_reason).</summary>
[Flags]
internal enum SlowPathReasons : uint
{
    None = 0,
    Cfm = 1 << 0,
    Bfd = 1 << 1,
    Lacp = 1 << 2,
    Stp = 1 << 3,
    Lldp = 1 << 4,
    Action = 1 << 5,
    Match = 1 << 6,
}

internal static class OdpCommit
{
    private enum Conv : byte
    {
        Plain,

        /// <summary>nw_frag as the datapath's frag type (no, first, later).</summary>
        Frag,

        /// <summary>A one-byte datapath value held in the low byte of a 16-bit flow member (ICMP type and code).</summary>
        LowByte,

        /// <summary>The ARP opcode: nw_proto widened to 16 bits.</summary>
        ArpOp,

        /// <summary>A 32-bit flow member that the datapath carries in host byte order.</summary>
        HostU32,

        /// <summary>Key padding: always zero.</summary>
        Pad,
    }

    private readonly record struct KeyField(int FlowOffset, int Size, Conv Conv = Conv.Plain);

    private static readonly KeyField[] s_ethernet = [new(FlowLayout.DlSrc, 6), new(FlowLayout.DlDst, 6)];

    private static readonly KeyField[] s_ipv4 =
    [
        new(FlowLayout.NwSrc, 4), new(FlowLayout.NwDst, 4), new(FlowLayout.NwProto, 1), new(FlowLayout.NwTos, 1),
        new(FlowLayout.NwTtl, 1), new(FlowLayout.NwFrag, 1, Conv.Frag),
    ];

    private static readonly KeyField[] s_ipv6 =
    [
        new(FlowLayout.Ipv6Src, 16), new(FlowLayout.Ipv6Dst, 16), new(FlowLayout.Ipv6Label, 4), new(FlowLayout.NwProto, 1),
        new(FlowLayout.NwTos, 1), new(FlowLayout.NwTtl, 1), new(FlowLayout.NwFrag, 1, Conv.Frag),
    ];

    private static readonly KeyField[] s_ports = [new(FlowLayout.TpSrc, 2), new(FlowLayout.TpDst, 2)];

    private static readonly KeyField[] s_icmp = [new(FlowLayout.TpSrc, 1, Conv.LowByte), new(FlowLayout.TpDst, 1, Conv.LowByte)];

    private static readonly KeyField[] s_arp =
    [
        new(FlowLayout.NwSrc, 4), new(FlowLayout.NwDst, 4), new(FlowLayout.NwProto, 2, Conv.ArpOp),
        new(FlowLayout.ArpSha, 6), new(FlowLayout.ArpTha, 6), new(0, 2, Conv.Pad),
    ];

    private static readonly KeyField[] s_nd = [new(FlowLayout.NdTarget, 16), new(FlowLayout.ArpSha, 6), new(FlowLayout.ArpTha, 6)];

    private static readonly KeyField[] s_priority = [new(FlowLayout.SkbPriority, 4, Conv.HostU32)];

    private static readonly KeyField[] s_mark = [new(FlowLayout.PktMark, 4, Conv.HostU32)];

    /// <summary>
    /// Appends to actions what makes the packet described by baseFlow into flow, updates baseFlow to match and
    /// adds to wildcards the bits the chosen actions depend on. Returns the slow-path reasons the sets imply.
    /// </summary>
    public static SlowPathReasons Commit(in FlowData flow, ref FlowData baseFlow, OdpActionBuffer actions, ref FlowWildcards wildcards, bool useMasked)
    {
        if (flow.U32(FlowLayout.PacketType) == 0 && baseFlow.U32(FlowLayout.PacketType) == 0)
        {
            CommitKey(OdpKeyAttr.Ethernet, s_ethernet, in flow, ref baseFlow, actions, ref wildcards, useMasked, default);
        }

        // Make the packet a non-MPLS one before committing L3/L4 changes, which would otherwise do nothing.
        bool mplsDone = false;
        if (EthType.IsMpls(baseFlow.U16(FlowLayout.DlType)) && !EthType.IsMpls(flow.U16(FlowLayout.DlType)))
        {
            MplsStack.Commit(in flow, ref baseFlow, actions);
            mplsDone = true;
        }

        SlowPathReasons slow = CommitNetwork(in flow, ref baseFlow, actions, ref wildcards, useMasked);
        CommitPorts(in flow, ref baseFlow, actions, ref wildcards, useMasked);
        slow |= CommitIcmp(in flow, ref baseFlow, actions, ref wildcards);
        if (!mplsDone)
        {
            MplsStack.Commit(in flow, ref baseFlow, actions);
        }

        CommitVlans(in flow, ref baseFlow, actions, ref wildcards);
        CommitKey(OdpKeyAttr.Priority, s_priority, in flow, ref baseFlow, actions, ref wildcards, useMasked, default);
        CommitKey(OdpKeyAttr.SkbMark, s_mark, in flow, ref baseFlow, actions, ref wildcards, useMasked, default);
        return slow;
    }

    private static SlowPathReasons CommitNetwork(in FlowData flow, ref FlowData baseFlow, OdpActionBuffer actions, ref FlowWildcards wc, bool useMasked)
    {
        // A flow with protocol 0 has no L3 header the datapath could rewrite.
        if (flow.U8(FlowLayout.NwProto) == 0)
        {
            return SlowPathReasons.None;
        }

        switch (baseFlow.U16(FlowLayout.DlType))
        {
            case EthType.Ip:
                CommitKey(OdpKeyAttr.Ipv4, s_ipv4, in flow, ref baseFlow, actions, ref wc, useMasked, NotWritable(s_ipv4, 2, 5));
                return SlowPathReasons.None;
            case EthType.Ipv6:
                CommitKey(OdpKeyAttr.Ipv6, s_ipv6, in flow, ref baseFlow, actions, ref wc, useMasked, NotWritable(s_ipv6, 3, 6));
                if (baseFlow.U8(FlowLayout.NwProto) == IpProto.Icmpv6)
                {
                    return CommitKey(OdpKeyAttr.Nd, s_nd, in flow, ref baseFlow, actions, ref wc, useMasked, default)
                        ? SlowPathReasons.Action : SlowPathReasons.None;
                }

                return SlowPathReasons.None;
            case EthType.Arp:
                return CommitKey(OdpKeyAttr.Arp, s_arp, in flow, ref baseFlow, actions, ref wc, true, default)
                    ? SlowPathReasons.Action : SlowPathReasons.None;
            default:
                return SlowPathReasons.None;
        }
    }

    private static void CommitPorts(in FlowData flow, ref FlowData baseFlow, OdpActionBuffer actions, ref FlowWildcards wc, bool useMasked)
    {
        byte proto = flow.U8(FlowLayout.NwProto);
        if (proto == 0 || !EthType.IsIp(baseFlow.U16(FlowLayout.DlType)))
        {
            return;
        }

        ushort attr = proto switch
        {
            IpProto.Tcp => OdpKeyAttr.Tcp,
            IpProto.Udp => OdpKeyAttr.Udp,
            IpProto.Sctp => OdpKeyAttr.Sctp,
            _ => 0,
        };
        if (attr != 0)
        {
            CommitKey(attr, s_ports, in flow, ref baseFlow, actions, ref wc, useMasked, default);
        }
    }

    private static SlowPathReasons CommitIcmp(in FlowData flow, ref FlowData baseFlow, OdpActionBuffer actions, ref FlowWildcards wc)
    {
        ushort dlType = flow.U16(FlowLayout.DlType);
        byte proto = flow.U8(FlowLayout.NwProto);
        ushort attr = (dlType, proto) switch
        {
            (EthType.Ip, IpProto.Icmp) => OdpKeyAttr.Icmp,
            (EthType.Ipv6, IpProto.Icmpv6) => OdpKeyAttr.Icmpv6,
            _ => 0,
        };
        return attr != 0 && CommitKey(attr, s_icmp, in flow, ref baseFlow, actions, ref wc, false, default)
            ? SlowPathReasons.Action : SlowPathReasons.None;
    }

    /// <summary>Bit i set: field i of the key can never be written, so its mask is always cleared.</summary>
    private static ulong NotWritable(KeyField[] fields, int a, int b)
    {
        _ = fields;
        return (1UL << a) | (1UL << b);
    }

    /// <summary>upstream commit(): returns whether a set action was appended.</summary>
    private static bool CommitKey(
        ushort attr, KeyField[] fields, in FlowData flow, ref FlowData baseFlow, OdpActionBuffer actions, ref FlowWildcards wc,
        bool useMasked, ulong notWritable)
    {
        int size = 0;
        foreach (KeyField f in fields)
        {
            size += f.Size;
        }

        Span<byte> key = stackalloc byte[size];
        Span<byte> baseKey = stackalloc byte[size];
        Span<byte> mask = stackalloc byte[size];
        Span<byte> origMask = stackalloc byte[size];
        Extract(fields, in flow, key, isMask: false);
        Extract(fields, in baseFlow, baseKey, isMask: false);
        Extract(fields, in wc.Masks, mask, isMask: true);
        mask.CopyTo(origMask);

        bool differ = false;
        int offset = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            int n = fields[i].Size;
            Span<byte> m = mask.Slice(offset, n);
            if ((notWritable & (1UL << i)) != 0)
            {
                m.Clear();
            }

            if (key.Slice(offset, n).SequenceEqual(baseKey.Slice(offset, n)))
            {
                m.Clear();
            }
            else
            {
                differ = true;
            }

            offset += n;
        }

        if (!differ)
        {
            return false;
        }

        bool exact = IsExact(attr, mask);
        if (useMasked && !exact)
        {
            int nested = actions.BeginNested(OdpActionAttr.SetMasked);
            Span<byte> payload = actions.Put(attr, size * 2);
            for (int i = 0; i < size; i++)
            {
                payload[i] = (byte)(key[i] & mask[i]);
            }

            mask.CopyTo(payload[size..]);
            actions.EndNested(nested);
        }
        else
        {
            if (!exact)
            {
                mask.Fill(0xff);
            }

            int nested = actions.BeginNested(OdpActionAttr.Set);
            actions.PutBytes(attr, key);
            actions.EndNested(nested);
        }

        Store(fields, key, ref baseFlow, isMask: false);
        for (int i = 0; i < size; i++)
        {
            mask[i] |= origMask[i];
        }

        Store(fields, mask, ref wc.Masks, isMask: true);
        return true;
    }

    /// <summary>odp_mask_is_exact(): every bit set, except that the IPv6 flow label has only 20 bits.</summary>
    private static bool IsExact(ushort attr, ReadOnlySpan<byte> mask)
    {
        if (attr == OdpKeyAttr.Ipv6)
        {
            uint label = BinaryPrimitives.ReadUInt32BigEndian(mask[32..]);
            return !mask[..32].ContainsAnyExcept((byte)0xff) && (label & 0xfffff) == 0xfffff
                && !mask[36..].ContainsAnyExcept((byte)0xff);
        }

        return !mask.ContainsAnyExcept((byte)0xff);
    }

    private static void Extract(KeyField[] fields, in FlowData flow, Span<byte> key, bool isMask)
    {
        int offset = 0;
        foreach (KeyField f in fields)
        {
            Span<byte> k = key.Slice(offset, f.Size);
            offset += f.Size;
            switch (f.Conv)
            {
                case Conv.Plain:
                    flow.ReadOnlyBytes.Slice(f.FlowOffset, f.Size).CopyTo(k);
                    break;
                case Conv.Frag:
                    k[0] = FragToOdp(flow.U8(f.FlowOffset), isMask);
                    break;
                case Conv.LowByte:
                    k[0] = flow.U8(f.FlowOffset + 1);
                    break;
                case Conv.ArpOp:
                    byte op = flow.U8(f.FlowOffset);
                    BinaryPrimitives.WriteUInt16BigEndian(k, op == 0xff ? (ushort)0xffff : op);
                    break;
                case Conv.HostU32:
                    BinaryPrimitives.WriteUInt32LittleEndian(k, flow.U32(f.FlowOffset));
                    break;
                case Conv.Pad:
                    k.Clear();
                    break;
            }
        }
    }

    private static void Store(KeyField[] fields, ReadOnlySpan<byte> key, ref FlowData flow, bool isMask)
    {
        int offset = 0;
        foreach (KeyField f in fields)
        {
            ReadOnlySpan<byte> k = key.Slice(offset, f.Size);
            offset += f.Size;
            switch (f.Conv)
            {
                case Conv.Plain:
                    k.CopyTo(flow.Bytes.Slice(f.FlowOffset, f.Size));
                    break;
                case Conv.Frag:
                    flow.SetU8(f.FlowOffset, FragFromOdp(k[0], isMask));
                    break;
                case Conv.LowByte:
                    flow.SetU16(f.FlowOffset, k[0]);
                    break;
                case Conv.ArpOp:
                    flow.SetU8(f.FlowOffset, (byte)BinaryPrimitives.ReadUInt16BigEndian(k));
                    break;
                case Conv.HostU32:
                    flow.SetU32(f.FlowOffset, BinaryPrimitives.ReadUInt32LittleEndian(k));
                    break;
            }
        }
    }

    private const byte FragAny = 1, FragLater = 2;

    private static byte FragToOdp(byte frag, bool isMask)
    {
        if (isMask)
        {
            return frag == 0 ? (byte)0 : (byte)0xff;
        }

        return (frag & FragAny) == 0 ? (byte)0 : (frag & FragLater) != 0 ? (byte)2 : (byte)1;
    }

    private static byte FragFromOdp(byte frag, bool isMask)
    {
        if (isMask)
        {
            return frag == 0 ? (byte)0 : (byte)(FragAny | FragLater);
        }

        return frag switch
        {
            1 => FragAny,
            2 => FragAny | FragLater,
            _ => 0,
        };
    }

    /// <summary>commit_vlan_action(): pop the base's VLAN headers that differ, then push the flow's.</summary>
    private static void CommitVlans(in FlowData flow, ref FlowData baseFlow, OdpActionBuffer actions, ref FlowWildcards wc)
    {
        int baseN = VlanHeaders.Count(in baseFlow) - 1;
        int flowN = VlanHeaders.Count(in flow) - 1;
        while (baseN >= 0 && flowN >= 0 && VlanHeaders.Qtag(in baseFlow, baseN) == VlanHeaders.Qtag(in flow, flowN))
        {
            baseN--;
            flowN--;
        }

        for (; baseN >= 0; baseN--)
        {
            actions.PutFlag(OdpActionAttr.PopVlan);
            VlanHeaders.SetQtag(ref wc.Masks, baseN, uint.MaxValue);
        }

        for (; flowN >= 0; flowN--)
        {
            Span<byte> p = actions.Put(OdpActionAttr.PushVlan, 4);
            BinaryPrimitives.WriteUInt32BigEndian(p, VlanHeaders.Qtag(in flow, flowN));
        }

        for (int i = 0; i < VlanHeaders.Max; i++)
        {
            VlanHeaders.SetQtag(ref baseFlow, i, VlanHeaders.Qtag(in flow, i));
        }
    }
}

/// <summary>The flow's VLAN header stack (upstream's flow->vlans[]): TPID and TCI of up to two headers.</summary>
internal static class VlanHeaders
{
    public const int Max = 2;
    public const ushort Cfi = 0x1000;

    private static int TpidOffset(int i) => i == 0 ? FlowLayout.VlanTpid : FlowLayout.Vlan1Tpid;

    private static int TciOffset(int i) => i == 0 ? FlowLayout.VlanTci : FlowLayout.Vlan1Tci;

    public static ushort Tci(in FlowData flow, int i) => flow.U16(TciOffset(i));

    public static ushort Tpid(in FlowData flow, int i) => flow.U16(TpidOffset(i));

    public static void SetTci(ref FlowData flow, int i, ushort tci) => flow.SetU16(TciOffset(i), tci);

    public static void SetTpid(ref FlowData flow, int i, ushort tpid) => flow.SetU16(TpidOffset(i), tpid);

    public static uint Qtag(in FlowData flow, int i) => ((uint)Tpid(in flow, i) << 16) | Tci(in flow, i);

    public static void SetQtag(ref FlowData flow, int i, uint qtag)
    {
        SetTpid(ref flow, i, (ushort)(qtag >> 16));
        SetTci(ref flow, i, (ushort)qtag);
    }

    /// <summary>flow_count_vlan_headers(): headers up to the first without the CFI (present) bit.</summary>
    public static int Count(in FlowData flow)
    {
        int n = 0;
        while (n < Max && (Tci(in flow, n) & Cfi) != 0)
        {
            n++;
        }

        return n;
    }

    /// <summary>flow_pop_vlan(): removes the outer header; the inner one's bits join the megaflow.</summary>
    public static void Pop(ref FlowData flow, ref FlowWildcards wc)
    {
        int n = Count(in flow);
        if (n > 1)
        {
            for (int i = 1; i < n; i++)
            {
                SetQtag(ref wc.Masks, i, uint.MaxValue);
            }

            for (int i = 0; i < n - 1; i++)
            {
                SetQtag(ref flow, i, Qtag(in flow, i + 1));
            }
        }

        if (n > 0)
        {
            SetQtag(ref flow, n - 1, 0);
        }
    }

    /// <summary>flow_push_vlan_uninit(): makes room for a new outer header (zeroed); existing headers join the megaflow.</summary>
    public static void Push(ref FlowData flow, ref FlowWildcards wc)
    {
        int n = Count(in flow);
        for (int i = 0; i < n; i++)
        {
            SetQtag(ref wc.Masks, i, uint.MaxValue);
        }

        for (int i = Max - 1; i > 0; i--)
        {
            SetQtag(ref flow, i, Qtag(in flow, i - 1));
        }

        SetQtag(ref flow, 0, 0);
    }
}
