// Upstream: lib/ofp-table.c, struct ofputil_table_features and ofputil_decode_table_features() (OVS 3.1)
//
// What one flow table can do, as OFPMP_TABLE_FEATURES (OpenFlow 1.3+) describes it and as the table statistics
// replies of OpenFlow 1.0-1.2 imply it. Decoding is "loose", as a controller reads a switch's reply: unknown
// properties, instructions and fields are skipped; malformed ones are errors.
using System.Buffers.Binary;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal enum TableMissConfig : byte
{
    Default,
    Controller,
    Continue,
    Drop,
}

/// <summary>OpenFlow 1.5's table features command (earlier versions always replace).</summary>
internal enum TableFeaturesCommand : byte
{
    Replace = 0,
    Modify = 1,
    Enable = 2,
    Disable = 3,
}

/// <summary>The actions (OfpActKind bits) and set-field fields (FieldId bits) one instruction supports.</summary>
internal struct TableActionFeatures : IEquatable<TableActionFeatures>
{
    public ulong Actions;
    public Bitmap256 SetFields;

    public readonly bool IsEmpty => Actions == 0 && SetFields.IsEmpty;

    public readonly bool Equals(TableActionFeatures other) => Actions == other.Actions && SetFields == other.SetFields;

    public override readonly bool Equals(object? obj) => obj is TableActionFeatures other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Actions, SetFields);
}

/// <summary>For table misses or other lookups: the tables goto_table may reach, instructions, and action features.</summary>
internal struct TableInstructionFeatures
{
    public Bitmap256 Next;
    public uint Instructions;
    public TableActionFeatures Write;
    public TableActionFeatures Apply;

    public readonly bool IsEmpty => Next.IsEmpty && Instructions == 0 && Write.IsEmpty && Apply.IsEmpty;
}

internal partial struct TableFeatures
{
    public const int FixedSize = 64;

    /// <summary>Property types; the _MISS variant of each is one more.</summary>
    public const int PropInstructions = 0, PropNextTables = 2, PropWriteActions = 4, PropApplyActions = 6, PropMatch = 8,
        PropWildcards = 10, PropWriteSetField = 12, PropApplySetField = 14;

    private const uint RequiredProperties = (1u << PropInstructions) | (1u << PropNextTables) | (1u << PropWriteActions)
        | (1u << PropApplyActions) | (1u << PropMatch) | (1u << PropWildcards) | (1u << PropWriteSetField) | (1u << PropApplySetField);

    public TableFeaturesCommand Command;
    public byte TableId;
    public string Name;
    public ulong MetadataMatch;
    public ulong MetadataWrite;
    public TableMissConfig MissConfig;

    /// <summary>1 or 0 from OpenFlow 1.4's capabilities, -1 when the version cannot say.</summary>
    public sbyte SupportsEviction;
    public sbyte SupportsVacancyEvents;
    public uint MaxEntries;
    public TableInstructionFeatures Nonmiss;
    public TableInstructionFeatures Miss;
    public Bitmap256 Match;
    public Bitmap256 Mask;
    public Bitmap256 Wildcard;
    public bool AnyProperties;

    /// <summary>Features with nothing known, as the table statistics decoders start them.</summary>
    public static TableFeatures Empty(byte tableId) => new()
    {
        TableId = tableId,
        Name = string.Empty,
        SupportsEviction = -1,
        SupportsVacancyEvents = -1,
    };

    /// <summary>Pulls one table's features off <paramref name="rest"/> (which must not be empty).</summary>
    public static OfpError TryPull(ref ReadOnlySpan<byte> rest, byte version, OfpWarningSink? warn, out TableFeatures tf)
    {
        tf = Empty(0);
        if (rest.Length < FixedSize)
        {
            return OfpError.OfpbpcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (length < FixedSize || length % 8 != 0 || length > rest.Length)
        {
            return OfpError.OfpbpcBadLen;
        }

        ReadOnlySpan<byte> entry = rest[..length];
        if (version >= (byte)OfpVersion.Of15)
        {
            if (entry[3] > (byte)TableFeaturesCommand.Disable)
            {
                return OfpError.OfptffcBadCommand;
            }

            tf.Command = (TableFeaturesCommand)entry[3];
        }

        tf.TableId = entry[2];
        if (tf.TableId == 0xff)
        {
            return OfpError.OfptffcBadTable;
        }

        tf.Name = TableName.Read(entry.Slice(8, 32));
        tf.MetadataMatch = BinaryPrimitives.ReadUInt64BigEndian(entry[40..]);
        tf.MetadataWrite = BinaryPrimitives.ReadUInt64BigEndian(entry[48..]);
        if (version >= (byte)OfpVersion.Of14)
        {
            uint capabilities = BinaryPrimitives.ReadUInt32BigEndian(entry[56..]);
            tf.SupportsEviction = (sbyte)((capabilities & TableDesc.ConfigEviction) != 0 ? 1 : 0);
            tf.SupportsVacancyEvents = (sbyte)((capabilities & TableDesc.ConfigVacancyEvents) != 0 ? 1 : 0);
        }

        tf.MaxEntries = BinaryPrimitives.ReadUInt32BigEndian(entry[60..]);
        rest = rest[length..];

        ReadOnlySpan<byte> properties = entry[FixedSize..];
        tf.AnyProperties = !properties.IsEmpty;
        uint seen = 0;
        while (!properties.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref properties, out ulong type, out ReadOnlySpan<byte> payload);
            if (error != OfpError.None)
            {
                return error;
            }

            if (type < 32)
            {
                uint bit = 1u << (int)type;
                if ((seen & bit) != 0)
                {
                    return OfpError.OfptffcBadFeatures;
                }

                seen |= bit;
            }

            error = type < 16 ? tf.ParseProperty((int)type, payload, version) : OfpError.None;
            if (error != OfpError.None)
            {
                return error;
            }
        }

        uint missing = (seen & RequiredProperties) ^ RequiredProperties;
        if (missing != 0 && (tf.AnyProperties || version < (byte)OfpVersion.Of15))
        {
            warn?.Invoke("ofp_table", OfpLogLevel.Warn, $"table features message missing {System.Numerics.BitOperations.PopCount(missing)} required properties, including property {System.Numerics.BitOperations.TrailingZeroCount(missing)}");
            return OfpError.OfptffcBadFeatures;
        }

        if (tf.AnyProperties)
        {
            tf.InheritMissing(seen);
        }

        // Maskable fields are matchable and may be wildcarded; only matchable fields can be wildcarded.
        tf.Match |= tf.Mask;
        tf.Wildcard |= tf.Mask;
        tf.Wildcard &= tf.Match;
        return OfpError.None;
    }

    private OfpError ParseProperty(int type, ReadOnlySpan<byte> payload, byte version)
    {
        bool miss = (type & 1) != 0;
        ref TableInstructionFeatures tif = ref miss ? ref Miss : ref Nonmiss;
        switch (type & ~1)
        {
            case PropInstructions:
                return ParseInstructions(payload, out tif.Instructions);
            case PropNextTables:
                return ParseNextTables(payload, out tif.Next);
            case PropWriteActions:
                return ParseActions(payload, version, out tif.Write.Actions);
            case PropApplyActions:
                return ParseActions(payload, version, out tif.Apply.Actions);
            case PropMatch when !miss:
                return ParseFields(payload, allowMasks: true, out Match, out Mask);
            case PropWildcards when !miss:
                return ParseFields(payload, allowMasks: false, out Wildcard, out _);
            case PropWriteSetField:
                return ParseFields(payload, allowMasks: false, out tif.Write.SetFields, out _);
            case PropApplySetField:
                return ParseFields(payload, allowMasks: false, out tif.Apply.SetFields, out _);
            default:
                // Unknown (and experimenter) properties are ignored when reading a switch's features.
                return OfpError.None;
        }
    }

    // Properties missing from the _MISS set mean "same as for other lookups".
    private void InheritMissing(uint seen)
    {
        if ((seen & (1u << (PropInstructions + 1))) == 0)
        {
            Miss.Instructions = Nonmiss.Instructions;
        }

        if ((seen & (1u << (PropNextTables + 1))) == 0)
        {
            Miss.Next = Nonmiss.Next;
        }

        if ((seen & (1u << (PropWriteActions + 1))) == 0)
        {
            Miss.Write.Actions = Nonmiss.Write.Actions;
        }

        if ((seen & (1u << (PropApplyActions + 1))) == 0)
        {
            Miss.Apply.Actions = Nonmiss.Apply.Actions;
        }

        if ((seen & (1u << (PropWriteSetField + 1))) == 0)
        {
            Miss.Write.SetFields = Nonmiss.Write.SetFields;
        }

        if ((seen & (1u << (PropApplySetField + 1))) == 0)
        {
            Miss.Apply.SetFields = Nonmiss.Apply.SetFields;
        }
    }

    // Instruction and action ids are 4-byte (or longer) headers packed without padding.
    private static OfpError ParseInstructions(ReadOnlySpan<byte> payload, out uint instructions)
    {
        instructions = 0;
        while (!payload.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref payload, out ulong type, out _, alignment: 1, minExperimenter: 0x10000);
            if (error != OfpError.None)
            {
                return error;
            }

            if (TableBitmaps.TryInstructionFromType((int)type, out TableInstruction instruction))
            {
                instructions |= 1u << (int)instruction;
            }
        }

        return OfpError.None;
    }

    private static OfpError ParseActions(ReadOnlySpan<byte> payload, byte version, out ulong actions)
    {
        actions = 0;
        uint types = 0;
        while (!payload.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref payload, out ulong type, out _, alignment: 1, minExperimenter: 0x10000);
            if (error != OfpError.None)
            {
                return error;
            }

            if (type < 32)
            {
                types |= 1u << (int)type;
            }
        }

        actions = TableBitmaps.ActionsFromOpenFlow(types, version);
        return OfpError.None;
    }

    private static OfpError ParseNextTables(ReadOnlySpan<byte> payload, out Bitmap256 next)
    {
        next = default;
        foreach (byte id in payload)
        {
            if (id == 0xff)
            {
                return OfpError.OfpbpcBadValue;
            }

            next.Set(id);
        }

        return OfpError.None;
    }

    // A list of OXM headers without values. Unknown fields are skipped; a masked header where none may be is BadMask.
    private static OfpError ParseFields(ReadOnlySpan<byte> payload, bool allowMasks, out Bitmap256 exact, out Bitmap256 masked)
    {
        exact = default;
        masked = default;
        while (!payload.IsEmpty)
        {
            if (payload.Length < 4)
            {
                return OfpError.OfpbmcBadLen;
            }

            uint first = BinaryPrimitives.ReadUInt32BigEndian(payload);
            uint experimenter = 0;
            if ((first >> 16) == OxmHeader.ExperimenterClass)
            {
                if (payload.Length < 8)
                {
                    return OfpError.OfpbmcBadLen;
                }

                experimenter = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
            }

            var header = OxmHeader.FromWords(first, experimenter);
            if (header.Length < header.HeaderSize - 4)
            {
                return OfpError.OfpbmcBadLen;
            }

            payload = payload[header.HeaderSize..];
            if (NxmReader.TryLookup(header, out FieldInfo? field))
            {
                if (header.HasMask)
                {
                    masked.Set((int)field!.Id);
                }
                else
                {
                    exact.Set((int)field!.Id);
                }
            }
        }

        return !allowMasks && !masked.IsEmpty ? OfpError.OfpbmcBadMask : OfpError.None;
    }
}
