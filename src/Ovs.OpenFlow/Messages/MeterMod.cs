// Upstream: lib/ofp-meter.c, ofputil_decode_meter_mod() and ofputil_encode_meter_mod() (OVS 3.1)
//
// OFPT_METER_MOD (OpenFlow 1.3+; Open vSwitch has no Nicira form): command, flags, meter id, then bands filling the
// rest of the message. A delete ignores flags and bands. Flags asking for both kbps and pktps are OFPMMFC_BAD_FLAGS.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal enum MeterModCommand : ushort
{
    Add = 0,
    Modify = 1,
    Delete = 2,
}

internal sealed record MeterMod(MeterModCommand Command, MeterConfig Meter)
{
    public const int FixedSize = 8;

    public static OfpError TryDecode(ReadOnlySpan<byte> body, out MeterMod? mod)
    {
        mod = null;
        var command = (MeterModCommand)BinaryPrimitives.ReadUInt16BigEndian(body);
        if (command is not (MeterModCommand.Add or MeterModCommand.Modify or MeterModCommand.Delete))
        {
            return OfpError.OfpmmfcBadCommand;
        }

        uint meterId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        if (command == MeterModCommand.Delete)
        {
            mod = new MeterMod(command, new MeterConfig(meterId, MeterFlags.None, []));
            return OfpError.None;
        }

        var flags = (MeterFlags)BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        if ((flags & MeterFlags.Kbps) != 0 && (flags & MeterFlags.Pktps) != 0)
        {
            return OfpError.OfpmmfcBadFlags;
        }

        OfpError error = MeterBand.TryDecodeAll(body[FixedSize..], out MeterBand[] bands);
        if (error != OfpError.None)
        {
            return error;
        }

        mod = new MeterMod(command, new MeterConfig(meterId, flags, bands));
        return OfpError.None;
    }

    public void Encode(byte version, uint xid, IBufferWriter<byte> writer)
    {
        Span<byte> body = OfpEncoder.Begin(writer, OfpRaw.Ofpt13MeterMod, version, xid, FixedSize + (Meter.Bands.Length * MeterBand.Size), out int total);
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)Command);
        if (Command != MeterModCommand.Delete)
        {
            BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)Meter.Flags);
        }

        BinaryPrimitives.WriteUInt32BigEndian(body[4..], Meter.MeterId);
        Meter.WriteBands(body[FixedSize..]);
        writer.Advance(total);
    }
}
