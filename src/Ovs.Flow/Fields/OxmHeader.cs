// Upstream: the NXM_HEADER/OXM header macros of lib/nx-match.h (OVS 3.1); OpenFlow 1.5.1 section 7.2.3.
// An NXM or OXM TLV header: class (16 bits), field (7 bits), hasmask (1 bit), length (8 bits) and, for the
// experimenter class 0xffff, a 32-bit experimenter id that follows and counts in the length.
using System.Buffers.Binary;

namespace Ovs.Flow.Fields;

internal readonly record struct OxmHeader(ushort Class, byte Field, bool HasMask, byte Length, uint Experimenter, string? Name = null, byte Version = 0)
{
    public const ushort ExperimenterClass = 0xffff;

    public bool IsExperimenter => Class == ExperimenterClass;

    /// <summary>Bytes the header occupies: 4, or 8 with an experimenter id.</summary>
    public int HeaderSize => IsExperimenter ? 8 : 4;

    /// <summary>Bytes of value and mask after the header (the length minus any experimenter id).</summary>
    public int PayloadSize => Length - (IsExperimenter ? 4 : 0);

    /// <summary>Width of the value: half the payload when masked.</summary>
    public int FieldSize => HasMask ? PayloadSize / 2 : PayloadSize;

    /// <summary>Identity of the header without hasmask and length, for lookups.</summary>
    public ulong Key => ((ulong)Experimenter << 32) | ((uint)Class << 16) | ((uint)Field << 9);

    public OxmHeader WithMask(bool hasMask, int payloadSize) =>
        this with { HasMask = hasMask, Length = (byte)(payloadSize + (IsExperimenter ? 4 : 0)) };

    /// <summary>The 32-bit first word as it goes on the wire.</summary>
    public uint FirstWord => ((uint)Class << 16) | ((uint)Field << 9) | (HasMask ? 0x100u : 0u) | Length;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, FirstWord);
        if (IsExperimenter)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Experimenter);
        }
    }

    /// <summary>Builds a header from its first wire word and (for the experimenter class) the experimenter id.</summary>
    public static OxmHeader FromWords(uint first, uint experimenter) =>
        new((ushort)(first >> 16), (byte)((first >> 9) & 0x7f), (first & 0x100) != 0, (byte)first, (first >> 16) == ExperimenterClass ? experimenter : 0);
}
