// Upstream: lib/ofp-table.c, ofputil_decode_table_desc(), ofputil_append_table_desc_reply(),
// ofputil_decode_table_status() and ofputil_encode_table_status() (OVS 3.1)
//
// One entry of an OpenFlow 1.4+ OFPMP_TABLE_DESC reply: length, table id, config (eviction and vacancy-event bits),
// then properties: eviction flags and the vacancy thresholds. OFPT_TABLE_STATUS carries a reason and one of these.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed record TableDesc(byte TableId, TableSetting Eviction, TableSetting Vacancy, uint EvictionFlags, byte VacancyDown, byte VacancyUp, byte CurrentVacancy) : ISizedBodyEntry
{
    public const uint ConfigEviction = 1 << 2;
    public const uint ConfigVacancyEvents = 1 << 3;
    public const int FixedSize = 8;
    public const byte ReasonVacancyDown = 3;
    public const byte ReasonVacancyUp = 4;
    private const ushort PropEviction = 2;
    private const ushort PropVacancy = 3;

    public static OfpError TryPull(ref ReadOnlySpan<byte> rest, byte version, OfpWarningSink? warn, out TableDesc? desc)
    {
        desc = null;
        if (rest.Length < FixedSize)
        {
            warn?.Invoke("ofp_table", OfpLogLevel.Warn, $"OFP14_TABLE_DESC reply has {rest.Length} leftover bytes at end");
            return OfpError.OfpbrcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(rest);
        byte tableId = rest[2];
        uint config = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
        if (length < FixedSize || length - FixedSize > rest.Length - FixedSize)
        {
            warn?.Invoke("ofp_table", OfpLogLevel.Warn, $"OFP14_TABLE_DESC reply claims invalid length {length}");
            return OfpError.OfpbrcBadLen;
        }

        ReadOnlySpan<byte> properties = rest[FixedSize..length];
        rest = rest[length..];
        uint evictionFlags = uint.MaxValue;
        byte down = 0, up = 0, current = 0;
        while (!properties.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref properties, out ulong type, out ReadOnlySpan<byte> payload);
            if (error == OfpError.None && type == PropEviction)
            {
                error = OfpProperty.ParseU32(payload, out evictionFlags);
            }
            else if (error == OfpError.None && type == PropVacancy)
            {
                if (payload.Length != 4)
                {
                    error = OfpError.OfpbpcBadLen;
                }
                else
                {
                    (down, up, current) = (payload[0], payload[1], payload[2]);
                }
            }

            if (error != OfpError.None)
            {
                return error;
            }
        }

        desc = new TableDesc(
            tableId,
            TableMod.DecodeSetting(config, ConfigEviction, version),
            TableMod.DecodeSetting(config, ConfigVacancyEvents, version),
            evictionFlags,
            down,
            up,
            current);
        return OfpError.None;
    }

    /// <summary>Bytes of this entry as a table description reply writes it.</summary>
    public int EntrySize => FixedSize + (EvictionFlags != uint.MaxValue ? 8 : 0) + (Vacancy == TableSetting.On ? 8 : 0);

    public void WriteEntry(Span<byte> destination, byte version) => Write(destination, version, EntrySize, EvictionFlags != uint.MaxValue, Vacancy == TableSetting.On);

    /// <summary>Encodes an OFPMP_TABLE_DESC reply.</summary>
    public static void EncodeReply(IReadOnlyList<TableDesc> entries, byte version, uint xid, IBufferWriter<byte> writer, ushort statsFlags = 0)
        => BodyMessage.WriteSizedEntries(writer, OfpRaw.Ofpst14TableDescReply, version, xid, entries, statsFlags);

    /// <summary>Encodes OFPT_TABLE_STATUS, whose description always carries both properties.</summary>
    public void EncodeStatus(byte reason, byte version, uint xid, IBufferWriter<byte> writer)
    {
        const int descSize = FixedSize + 16;
        Span<byte> body = OfpEncoder.Begin(writer, OfpRaw.Ofpt14TableStatus, version, xid, 8 + descSize, out int total);
        body[0] = reason;
        Write(body[8..], version, descSize, withEviction: true, withVacancy: true);
        writer.Advance(total);
    }

    /// <summary>Decodes the body of OFPT_TABLE_STATUS; only the two vacancy reasons are valid.</summary>
    public static OfpError TryDecodeStatus(ReadOnlySpan<byte> body, byte version, OfpWarningSink? warn, out byte reason, out TableDesc? desc)
    {
        desc = null;
        reason = body[0];
        if (reason is not (ReasonVacancyDown or ReasonVacancyUp))
        {
            return OfpError.OfpbpcBadValue;
        }

        ReadOnlySpan<byte> rest = body[8..];
        return TryPull(ref rest, version, warn, out desc);
    }

    private void Write(Span<byte> d, byte version, int size, bool withEviction, bool withVacancy)
    {
        d[..size].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)size);
        d[2] = TableId;
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], TableMod.EncodeConfig(TableMissConfig.Default, Eviction, Vacancy, version));
        Span<byte> p = d[FixedSize..];
        if (withEviction)
        {
            TableMod.WriteProperty(p, PropEviction);
            BinaryPrimitives.WriteUInt32BigEndian(p[4..], EvictionFlags);
            p = p[8..];
        }

        if (withVacancy)
        {
            TableMod.WriteProperty(p, PropVacancy);
            p[4] = VacancyDown;
            p[5] = VacancyUp;
            p[6] = CurrentVacancy;
        }
    }
}
