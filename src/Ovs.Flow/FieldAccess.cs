// Upstream: mf_get_value(), mf_get_mask(), mf_set(), mf_set_wild(), mf_is_all_wild(), mf_is_value_valid() and
// mf_are_prereqs_ok() of lib/meta-flow.c (OVS 3.1).
// Reads and writes one field of a Match as its wire bytes (big-endian, FieldInfo.Size long). Allocation-free:
// callers pass spans, usually stackalloc'd.
using System.Buffers.Binary;
using Ovs.Flow.Fields;

namespace Ovs.Flow;

internal static class FieldAccess
{
    private const ushort VlanCfi = 0x1000;
    private const ushort VlanPcpMask = 0xe000;

    /// <summary>False for fields FlowData does not hold at a fixed place (tun_metadata).</summary>
    public static bool IsStored(FieldInfo field) => FieldStorage.Of(field.Id).Kind != StorageKind.None;

    public static bool IsTunMetadata(FieldInfo field) => field.Id is >= FieldId.TunMetadata0 and <= FieldId.TunMetadata63;

    private static ulong TunMetadataBit(FieldInfo field) => 1UL << (field.Id - FieldId.TunMetadata0);

    /// <summary>
    /// Upstream tun_metadata_set_match() without a TLV table: allocates the option's place in the match (its
    /// length is the value's, or the longer of value and mask, without leading zero bytes) and stores value and
    /// mask there. An empty mask span means exact. Returns null or upstream's message.
    /// </summary>
    public static string? SetTunMetadata(ref Match match, FieldInfo field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask)
    {
        int index = field.Id - FieldId.TunMetadata0;
        bool masked = !mask.IsEmpty && mask.ContainsAnyExcept((byte)0xff);
        int length = SignificantLength(value);
        if (masked)
        {
            length = Math.Max(length, SignificantLength(mask));
        }

        ref TunMetadataAllocation md = ref match.TunMetadata;
        if (md.AllocatedSize + length > FlowLayout.TunMetadataOptsSize)
        {
            return $"field {field.Name} exceeds maximum size for tunnel metadata (used {md.AllocatedSize + length}, max {FlowLayout.TunMetadataOptsSize})";
        }

        ulong bit = 1UL << index;
        if ((match.Wildcards.Masks.U64(FlowLayout.TunMetadataPresent) & bit) != 0)
        {
            return $"field {field.Name} set multiple times";
        }

        int offset = md.AllocatedSize;
        md.SetLocation(index, offset, length);
        md.MaskedMap = masked ? md.MaskedMap | bit : md.MaskedMap & ~bit;
        md.AllocatedSize += length;
        md.Valid = true;

        int dataOffset = field.Size - length;
        Span<byte> flowOpts = match.Flow.Bytes.Slice(FlowLayout.TunMetadataOpts + offset, length);
        Span<byte> maskOpts = match.Wildcards.Masks.Bytes.Slice(FlowLayout.TunMetadataOpts + offset, length);
        for (int i = 0; i < length; i++)
        {
            byte m = mask.IsEmpty ? (byte)0xff : mask[dataOffset + i];
            flowOpts[i] = (byte)(value[dataOffset + i] & m);
            maskOpts[i] = m;
        }

        match.Flow.SetU64(FlowLayout.TunMetadataPresent, match.Flow.U64(FlowLayout.TunMetadataPresent) | bit);
        match.Wildcards.Masks.SetU64(FlowLayout.TunMetadataPresent, match.Wildcards.Masks.U64(FlowLayout.TunMetadataPresent) | bit);
        return null;
    }

    /// <summary>The option's bytes (value or mask) as laid out by the match, and whether it was set masked.</summary>
    public static ReadOnlySpan<byte> TunMetadataBytes(in Match match, int index, bool mask, out bool masked)
    {
        (int offset, int length) = match.TunMetadata.Location(index);
        masked = (match.TunMetadata.MaskedMap & (1UL << index)) != 0;
        ref readonly FlowData data = ref mask ? ref match.Wildcards.Masks : ref match.Flow;
        return data.ReadOnlyBytes.Slice(FlowLayout.TunMetadataOpts + offset, length);
    }

    private static int SignificantLength(ReadOnlySpan<byte> bytes)
    {
        int i = bytes.IndexOfAnyExcept((byte)0);
        return i < 0 ? 0 : bytes.Length - i;
    }

    public static void GetValue(in Match match, FieldInfo field, Span<byte> value) => Read(in match.Flow, field, value);

    public static void GetMask(in Match match, FieldInfo field, Span<byte> mask) => Read(in match.Wildcards.Masks, field, mask);

    public static bool IsAllWild(in Match match, FieldInfo field)
    {
        FieldStorage s = FieldStorage.Of(field.Id);
        return s.Kind switch
        {
            StorageKind.Bytes => match.Wildcards.Masks.IsZero(s.Offset, s.StorageSize),
            StorageKind.None => (match.Wildcards.Masks.U64(FlowLayout.TunMetadataPresent) & TunMetadataBit(field)) == 0,
            _ => (ReadMember(in match.Wildcards.Masks, s) & s.PlacedMask) == 0,
        };
    }

    /// <summary>
    /// Whether value is acceptable for field (upstream mf_is_value_valid). Only these fields restrict their values;
    /// the others (even those ovs-fields(7) documents as narrower, such as the ERSPAN fields) take any bits.
    /// </summary>
    public static bool IsValueValid(FieldInfo field, ReadOnlySpan<byte> value) => field.Id switch
    {
        FieldId.InPortOxm or FieldId.ActsetOutput => TryOfp11ToOfp10(BinaryPrimitives.ReadUInt32BigEndian(value), out _),
        FieldId.IpDscp => (value[0] & 0x03) == 0,
        FieldId.IpDscpShifted => value[0] <= 0x3f,
        FieldId.IpEcn or FieldId.IpFrag => value[0] <= 3,
        FieldId.TcpFlags => BinaryPrimitives.ReadUInt16BigEndian(value) <= 0x0fff,
        FieldId.ArpOp => value[0] == 0,
        FieldId.DlVlan => BinaryPrimitives.ReadUInt16BigEndian(value) <= 0x0fff,
        FieldId.VlanVid => BinaryPrimitives.ReadUInt16BigEndian(value) <= 0x1fff,
        FieldId.DlVlanPcp or FieldId.VlanPcp or FieldId.MplsTc => value[0] <= 7,
        FieldId.Ipv6Label or FieldId.MplsLabel => BinaryPrimitives.ReadUInt32BigEndian(value) <= 0xfffff,
        FieldId.MplsBos => value[0] <= 1,
        FieldId.TunFlags => BinaryPrimitives.ReadUInt16BigEndian(value) <= 1,
        FieldId.CtState => BinaryPrimitives.ReadUInt32BigEndian(value) <= 0xff,
        FieldId.NshTtl => value[0] <= 63,
        FieldId.NshMdtype => value[0] is 1 or 2,
        FieldId.NshSpi => value[0] == 0,
        _ => true,
    };

    // Upstream's setters for these tunnel fields store the value itself as the mask (match_set_tun_erspan_ver_masked
    // and friends), so an exact match on 0x01 prints back as 01/01. Reproduced because it is observable.
    private static bool MaskIsValue(FieldId id) =>
        id is FieldId.TunErspanVer or FieldId.TunErspanDir or FieldId.TunErspanHwid or FieldId.TunGtpuFlags or FieldId.TunGtpuMsgtype;

    /// <summary>Whether mask is acceptable for field: a non-maskable field takes only all-ones or all-zeros.</summary>
    public static bool IsMaskValid(FieldInfo field, ReadOnlySpan<byte> mask) =>
        field.Maskable || !mask.ContainsAnyExcept((byte)0) || !mask.ContainsAnyExcept((byte)0xff);

    /// <summary>
    /// Sets field to value under mask (all-ones: exact; all-zeros: wildcarded), as upstream's mf_set, and returns
    /// the protocols that can still express what was set.
    /// </summary>
    public static ProtocolSet Set(ref Match match, FieldInfo field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask)
    {
        // The IPv6 flow label has 20 bits: a mask covering all of them (whatever its upper bits) matches exactly.
        bool fullLabel = field.Id == FieldId.Ipv6Label && (BinaryPrimitives.ReadUInt32BigEndian(mask) & 0xfffff) == 0xfffff;
        if (fullLabel || !mask.ContainsAnyExcept((byte)0xff))
        {
            SetExact(ref match, field, value);
            return field.UsableExact;
        }

        if (!mask.ContainsAnyExcept((byte)0))
        {
            SetWild(ref match, field);
            return ProtocolSet.Any;
        }

        if (!field.Maskable)
        {
            // Upstream leaves the match alone for a partial mask on a field that cannot be masked.
            return ProtocolSet.None;
        }

        SetMasked(ref match, field, value, mask);
        bool cidr = mask.Length == 4 && IsCidr(BinaryPrimitives.ReadUInt32BigEndian(mask));
        return field.UsableBitwise == field.UsableCidr || cidr ? field.UsableCidr : field.UsableBitwise;
    }

    private static bool IsCidr(uint mask)
    {
        int ones = System.Numerics.BitOperations.LeadingZeroCount(~mask);
        return ones == 32 || (mask << ones) == 0;
    }

    public static void SetExact(ref Match match, FieldInfo field, ReadOnlySpan<byte> value)
    {
        FieldStorage s = FieldStorage.Of(field.Id);
        if (MaskIsValue(field.Id))
        {
            match.Flow.SetU8(s.Offset, value[0]);
            match.Wildcards.Masks.SetU8(s.Offset, value[0]);
            return;
        }

        switch (field.Id)
        {
            case FieldId.DlVlan when BinaryPrimitives.ReadUInt16BigEndian(value) == 0xffff:
                // OpenFlow 1.0's OFP_VLAN_NONE: match packets without a VLAN header.
                match.Flow.SetU16(FlowLayout.VlanTci, 0);
                match.Wildcards.Masks.SetU16(FlowLayout.VlanTci, 0xffff);
                return;

            case FieldId.DlVlan:
                {
                    ushort tci = match.Flow.U16(FlowLayout.VlanTci);
                    tci = (ushort)((tci & ~0x0fff) | (BinaryPrimitives.ReadUInt16BigEndian(value) & 0x0fff) | VlanCfi);
                    match.Flow.SetU16(FlowLayout.VlanTci, tci);
                    match.Wildcards.Masks.SetU16(FlowLayout.VlanTci, (ushort)(match.Wildcards.Masks.U16(FlowLayout.VlanTci) | 0x1fff));
                    return;
                }

            case FieldId.DlVlanPcp or FieldId.VlanPcp:
                {
                    ushort tci = match.Flow.U16(FlowLayout.VlanTci);
                    tci = (ushort)((tci & ~VlanPcpMask) | ((value[0] & 7) << 13) | VlanCfi);
                    match.Flow.SetU16(FlowLayout.VlanTci, tci);
                    match.Wildcards.Masks.SetU16(FlowLayout.VlanTci, (ushort)(match.Wildcards.Masks.U16(FlowLayout.VlanTci) | VlanPcpMask | VlanCfi));
                    return;
                }
        }

        switch (s.Kind)
        {
            case StorageKind.Bytes:
                value[..s.StorageSize].CopyTo(match.Flow.Bytes.Slice(s.Offset, s.StorageSize));
                match.Wildcards.Masks.Bytes.Slice(s.Offset, s.StorageSize).Fill(0xff);
                return;
            case StorageKind.None:
                return;
        }

        ulong v = ValueToMember(field, s, value);
        WriteMember(ref match.Flow, s, (ReadMember(in match.Flow, s) & ~s.PlacedMask) | v);
        WriteMember(ref match.Wildcards.Masks, s, ReadMember(in match.Wildcards.Masks, s) | s.PlacedMask);
    }

    public static void SetWild(ref Match match, FieldInfo field)
    {
        FieldStorage s = FieldStorage.Of(field.Id);
        switch (field.Id)
        {
            case FieldId.DlVlan or FieldId.VlanVid:
                SetAnyVlanPart(ref match, 0x0fff, VlanPcpMask);
                return;
            case FieldId.DlVlanPcp or FieldId.VlanPcp:
                SetAnyVlanPart(ref match, VlanPcpMask, 0x0fff);
                return;
        }

        switch (s.Kind)
        {
            case StorageKind.Bytes:
                match.Flow.Bytes.Slice(s.Offset, s.StorageSize).Clear();
                match.Wildcards.Masks.Bytes.Slice(s.Offset, s.StorageSize).Clear();
                return;
            case StorageKind.None:
                return;
        }

        WriteMember(ref match.Flow, s, ReadMember(in match.Flow, s) & ~s.PlacedMask);
        WriteMember(ref match.Wildcards.Masks, s, ReadMember(in match.Wildcards.Masks, s) & ~s.PlacedMask);
    }

    public static void SetMasked(ref Match match, FieldInfo field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask)
    {
        FieldStorage s = FieldStorage.Of(field.Id);
        if (MaskIsValue(field.Id))
        {
            match.Flow.SetU8(s.Offset, (byte)(value[0] & mask[0]));
            match.Wildcards.Masks.SetU8(s.Offset, value[0]);
            return;
        }

        switch (s.Kind)
        {
            case StorageKind.Bytes:
                {
                    Span<byte> f = match.Flow.Bytes.Slice(s.Offset, s.StorageSize);
                    Span<byte> m = match.Wildcards.Masks.Bytes.Slice(s.Offset, s.StorageSize);
                    for (int i = 0; i < f.Length; i++)
                    {
                        f[i] = (byte)(value[i] & mask[i]);
                        m[i] = mask[i];
                    }

                    return;
                }

            case StorageKind.None:
                return;
        }

        ulong v = ValueToMember(field, s, value);
        ulong m2 = ValueToMember(field, s, mask);
        WriteMember(ref match.Flow, s, (ReadMember(in match.Flow, s) & ~s.PlacedMask) | (v & m2));
        WriteMember(ref match.Wildcards.Masks, s, (ReadMember(in match.Wildcards.Masks, s) & ~s.PlacedMask) | m2);
    }

    /// <summary>OpenFlow 1.1+ port to OpenFlow 1.0 port (upstream ofputil_port_from_ofp11).</summary>
    public static bool TryOfp11ToOfp10(uint port, out ushort result)
    {
        if (port < 0xff00)
        {
            result = (ushort)port;
            return true;
        }

        if (port >= 0xffffff00)
        {
            result = (ushort)(port - 0xffff0000);
            return true;
        }

        result = 0;
        return false;
    }

    public static uint Ofp10ToOfp11(ushort port) => port < 0xff00 ? port : port + 0xffff0000u;

    private static void SetAnyVlanPart(ref Match match, ushort part, ushort other)
    {
        ushort wc = match.Wildcards.Masks.U16(FlowLayout.VlanTci);
        if ((wc & other) != 0)
        {
            match.Wildcards.Masks.SetU16(FlowLayout.VlanTci, (ushort)(wc & ~part));
            match.Flow.SetU16(FlowLayout.VlanTci, (ushort)(match.Flow.U16(FlowLayout.VlanTci) & ~part));
        }
        else
        {
            match.Wildcards.Masks.SetU16(FlowLayout.VlanTci, 0);
            match.Flow.SetU16(FlowLayout.VlanTci, 0);
        }
    }

    private static void Read(in FlowData data, FieldInfo field, Span<byte> value)
    {
        FieldStorage s = FieldStorage.Of(field.Id);
        switch (s.Kind)
        {
            case StorageKind.Bytes:
                data.ReadOnlyBytes.Slice(s.Offset, s.StorageSize).CopyTo(value);
                return;
            case StorageKind.None:
                value[..field.Size].Clear();
                return;
            case StorageKind.Ofp11Port:
                ushort p = data.U16(s.Offset);
                // An all-ones 16-bit mask widens to an all-ones 32-bit mask, like any reserved port.
                BinaryPrimitives.WriteUInt32BigEndian(value, Ofp10ToOfp11(p));
                return;
        }

        ulong v = (ReadMember(in data, s) >> s.Shift) & s.Mask;
        WriteNumber(value[..field.Size], v);
    }

    private static ulong ValueToMember(FieldInfo field, FieldStorage s, ReadOnlySpan<byte> value)
    {
        if (s.Kind == StorageKind.Ofp11Port)
        {
            uint wide = BinaryPrimitives.ReadUInt32BigEndian(value);
            return TryOfp11ToOfp10(wide, out ushort p) ? p : 0UL;
        }

        return (ReadNumber(value[..field.Size]) & s.Mask) << s.Shift;
    }

    private static ulong ReadMember(in FlowData data, FieldStorage s) => ReadNumber(data.ReadOnlyBytes.Slice(s.Offset, s.StorageSize));

    private static void WriteMember(ref FlowData data, FieldStorage s, ulong v) => WriteNumber(data.Bytes.Slice(s.Offset, s.StorageSize), v);

    private static ulong ReadNumber(ReadOnlySpan<byte> bytes)
    {
        ulong v = 0;
        foreach (byte b in bytes)
        {
            v = (v << 8) | b;
        }

        return v;
    }

    private static void WriteNumber(Span<byte> bytes, ulong v)
    {
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)v;
            v >>= 8;
        }
    }
}
