// Upstream: lib/ofp-table.c, ofputil_decode_table_mod(), ofputil_encode_table_mod() and the table config helpers
// (OVS 3.1)
//
// OFPT_TABLE_MOD. OpenFlow 1.1-1.3: table id and a config word whose low bits were 1.1/1.2's table-miss behaviour.
// OpenFlow 1.4+: the config word's eviction and vacancy-event bits, then eviction and vacancy properties. Upstream
// stores the eviction property's value where the eviction setting goes, so it prints as that setting.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>On/off settings that a version may not express (Default).</summary>
internal enum TableSetting : uint
{
    Default = 0,
    On = 1,
    Off = 2,
}

internal sealed record TableMod(byte TableId, TableMissConfig Miss, TableSetting Eviction, uint EvictionFlags, TableSetting Vacancy, byte VacancyDown, byte VacancyUp)
{
    public const int FixedSize = 8;
    private const ushort PropEviction = 2;
    private const ushort PropVacancy = 3;

    public static OfpError TryDecode(OfpRaw raw, byte version, ReadOnlySpan<byte> body, OfpWarningSink? warn, out TableMod? mod)
    {
        mod = null;
        byte tableId = body[0];
        uint config = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        TableMissConfig miss = DecodeMiss(config, version, warn);
        if (raw == OfpRaw.Ofpt11TableMod)
        {
            mod = new TableMod(tableId, miss, TableSetting.Default, uint.MaxValue, TableSetting.Default, 0, 0);
            return OfpError.None;
        }

        TableSetting eviction = DecodeSetting(config, TableDesc.ConfigEviction, version);
        TableSetting vacancy = DecodeSetting(config, TableDesc.ConfigVacancyEvents, version);
        byte down = 0, up = 0;
        ReadOnlySpan<byte> properties = body[FixedSize..];
        while (!properties.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref properties, out ulong type, out ReadOnlySpan<byte> payload);
            if (error == OfpError.None)
            {
                error = type switch
                {
                    PropEviction => ParseEviction(payload, ref eviction),
                    PropVacancy => ParseVacancy(payload, warn, out down, out up),
                    _ => OfpError.OfpbrcBadType,
                };
            }

            if (error != OfpError.None)
            {
                return error;
            }
        }

        mod = new TableMod(tableId, miss, eviction, uint.MaxValue, vacancy, down, up);
        return OfpError.None;
    }

    public void Encode(byte version, uint xid, IBufferWriter<byte> writer)
    {
        if (version < (byte)OfpVersion.Of14)
        {
            Span<byte> b = OfpEncoder.Begin(writer, OfpRaw.Ofpt11TableMod, version, xid, FixedSize, out int t);
            b[0] = TableId;
            BinaryPrimitives.WriteUInt32BigEndian(b[4..], EncodeConfig(Miss, Eviction, Vacancy, version));
            writer.Advance(t);
            return;
        }

        int size = FixedSize + (EvictionFlags != uint.MaxValue ? 8 : 0) + (Vacancy == TableSetting.On ? 8 : 0);
        Span<byte> body = OfpEncoder.Begin(writer, OfpRaw.Ofpt14TableMod, version, xid, size, out int total);
        body[0] = TableId;
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], EncodeConfig(Miss, Eviction, Vacancy, version));
        Span<byte> p = body[FixedSize..];
        if (EvictionFlags != uint.MaxValue)
        {
            WriteProperty(p, PropEviction);
            BinaryPrimitives.WriteUInt32BigEndian(p[4..], EvictionFlags);
            p = p[8..];
        }

        if (Vacancy == TableSetting.On)
        {
            WriteProperty(p, PropVacancy);
            p[4] = VacancyDown;
            p[5] = VacancyUp;
        }

        writer.Advance(total);
    }

    /// <summary>OpenFlow 1.1 and 1.2's table-miss bits (controller 0, continue 1, drop 2); Default in other versions.</summary>
    public static TableMissConfig DecodeMiss(uint config, byte version, OfpWarningSink? warn)
    {
        if (version is not ((byte)OfpVersion.Of11 or (byte)OfpVersion.Of12))
        {
            return TableMissConfig.Default;
        }

        switch (config & 3)
        {
            case 0:
                return TableMissConfig.Controller;
            case 1:
                return TableMissConfig.Continue;
            case 2:
                return TableMissConfig.Drop;
            default:
                warn?.Invoke("ofp_table", OfpLogLevel.Warn, $"bad table miss config {config}");
                return TableMissConfig.Controller;
        }
    }

    public static uint EncodeMiss(TableMissConfig miss) => miss switch
    {
        TableMissConfig.Continue => 1,
        TableMissConfig.Drop => 2,
        _ => 0,
    };

    /// <summary>The eviction or vacancy-events bit of an OpenFlow 1.4+ config word; Default before 1.4.</summary>
    public static TableSetting DecodeSetting(uint config, uint bit, byte version) =>
        version < (byte)OfpVersion.Of14 ? TableSetting.Default : (config & bit) != 0 ? TableSetting.On : TableSetting.Off;

    public static uint EncodeConfig(TableMissConfig miss, TableSetting eviction, TableSetting vacancy, byte version) => version switch
    {
        (byte)OfpVersion.Of11 or (byte)OfpVersion.Of12 => EncodeMiss(miss),
        >= (byte)OfpVersion.Of14 => (eviction == TableSetting.On ? TableDesc.ConfigEviction : 0) | (vacancy == TableSetting.On ? TableDesc.ConfigVacancyEvents : 0),
        _ => 0,
    };

    public static void WriteProperty(Span<byte> p, ushort type)
    {
        p[..8].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(p, type);
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], 8);
    }

    private static OfpError ParseEviction(ReadOnlySpan<byte> payload, ref TableSetting eviction)
    {
        OfpError error = OfpProperty.ParseU32(payload, out uint value);
        if (error == OfpError.None)
        {
            eviction = (TableSetting)value;
        }

        return error;
    }

    private static OfpError ParseVacancy(ReadOnlySpan<byte> payload, OfpWarningSink? warn, out byte down, out byte up)
    {
        down = 0;
        up = 0;
        if (payload.Length != 4)
        {
            return OfpError.OfpbpcBadLen;
        }

        down = payload[0];
        up = payload[1];
        string? problem = down > up ? "Value of vacancy_down is greater than vacancy_up"
            : down > 100 || up > 100 ? "Vacancy threshold percentage should not be greater than 100"
            : payload[2] != 0 ? "Vacancy value should be zero for table-mod messages"
            : null;
        if (problem is null)
        {
            return OfpError.None;
        }

        warn?.Invoke("ofp_table", OfpLogLevel.Warn, problem);
        return OfpError.OfpbpcBadValue;
    }
}
