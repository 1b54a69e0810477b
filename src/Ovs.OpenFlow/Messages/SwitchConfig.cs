// Upstream: lib/ofp-switch.c, ofputil_decode_switch_config() and ofputil_put_switch_config() (OVS 3.1)
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal enum FragmentHandling : byte
{
    Normal = 0,
    Drop = 1,
    Reassemble = 2,
    NxMatch = 3,
}

/// <summary>
/// The body of OFPT_GET_CONFIG_REPLY and OFPT_SET_CONFIG. InvalidTtlToController is null in OpenFlow 1.3 and later,
/// which dropped that flag. FlagsValid is false when flags undefined in the message's version were set.
/// </summary>
internal readonly record struct SwitchConfig(FragmentHandling Fragments, bool? InvalidTtlToController, ushort MissSendLength, bool FlagsValid)
{
    public const int Size = 4;
    private const ushort FragMask = 3;
    private const ushort InvalidTtlBit = 4;

    public static SwitchConfig Decode(byte version, ReadOnlySpan<byte> body)
    {
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(body);
        ushort missSendLength = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        ushort valid = FragMask;
        bool? ttl = null;
        if (version < (byte)OfpVersion.Of13)
        {
            valid |= InvalidTtlBit;
            ttl = (flags & InvalidTtlBit) != 0;
        }

        return new SwitchConfig((FragmentHandling)(flags & FragMask), ttl, missSendLength, (flags & ~valid) == 0);
    }

    public void Encode(OfpRaw raw, byte version, uint xid, IBufferWriter<byte> writer)
    {
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, Size, out int total);
        ushort flags = (ushort)Fragments;
        if (InvalidTtlToController == true && version < (byte)OfpVersion.Of13)
        {
            flags |= InvalidTtlBit;
        }

        BinaryPrimitives.WriteUInt16BigEndian(body, flags);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], MissSendLength);
        writer.Advance(total);
    }
}
