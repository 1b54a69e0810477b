// Upstream: lib/ofp-table.c, ofputil_append_table_features() and its put_*() helpers (OVS 3.1)
//
// Writes one table's features in the form Open vSwitch itself sends: the fixed part, then (when the features have
// properties) instructions, next tables, write/apply actions and set-fields for lookups and for misses, then match
// and wildcards. Ids inside a property are bare 4-byte headers; each property is padded to 8 bytes.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal partial struct TableFeatures
{
    /// <summary>Appends this table's features (its length field filled in) to <paramref name="writer"/>.</summary>
    public readonly int Write(ArrayBufferWriter<byte> writer, byte version)
    {
        int start = writer.WrittenCount;
        Span<byte> head = writer.GetSpan(FixedSize)[..FixedSize];
        head.Clear();
        head[2] = TableId;
        head[3] = version >= (byte)OfpVersion.Of15 ? (byte)Command : (byte)0;
        TableName.Write(Name, head.Slice(8, TableName.Size));
        BinaryPrimitives.WriteUInt64BigEndian(head[40..], MetadataMatch);
        BinaryPrimitives.WriteUInt64BigEndian(head[48..], MetadataWrite);
        if (version >= (byte)OfpVersion.Of14)
        {
            uint capabilities = (SupportsEviction > 0 ? TableDesc.ConfigEviction : 0) | (SupportsVacancyEvents > 0 ? TableDesc.ConfigVacancyEvents : 0);
            BinaryPrimitives.WriteUInt32BigEndian(head[56..], capabilities);
        }

        BinaryPrimitives.WriteUInt32BigEndian(head[60..], MaxEntries);
        writer.Advance(FixedSize);
        if (AnyProperties)
        {
            PutInstructionFeatures(writer, Nonmiss, 0, version);
            PutInstructionFeatures(writer, Miss, 1, version);
            PutFields(writer, PropMatch, Match, Mask, version);
            PutFields(writer, PropWildcards, Wildcard, default, version);
        }

        int length = writer.WrittenCount - start;
        BinaryPrimitives.WriteUInt16BigEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(writer.WrittenMemory).Span[start..], (ushort)length);
        return length;
    }

    private static void PutInstructionFeatures(ArrayBufferWriter<byte> writer, in TableInstructionFeatures tif, int missOffset, byte version)
    {
        PutIdBitmap(writer, PropInstructions + missOffset, TableBitmaps.InstructionsToOpenFlow(tif.Instructions, version));
        Span<byte> tables = stackalloc byte[Bitmap256.Capacity];
        int n = 0;
        for (int id = tif.Next.NextSet(0); id >= 0; id = tif.Next.NextSet(id + 1))
        {
            tables[n++] = (byte)id;
        }

        OfpProperty.Put(writer, (ushort)(PropNextTables + missOffset), tables[..n]);
        PutIdBitmap(writer, PropWriteActions + missOffset, TableBitmaps.ActionsToOpenFlow(tif.Write.Actions, version));
        PutFields(writer, PropWriteSetField + missOffset, tif.Write.SetFields, default, version);
        PutIdBitmap(writer, PropApplyActions + missOffset, TableBitmaps.ActionsToOpenFlow(tif.Apply.Actions, version));
        PutFields(writer, PropApplySetField + missOffset, tif.Apply.SetFields, default, version);
    }

    // One 4-byte id header (type = bit number, length 4) per set bit.
    private static void PutIdBitmap(ArrayBufferWriter<byte> writer, int type, uint bits)
    {
        Span<byte> ids = stackalloc byte[4 * 32];
        int n = 0;
        for (int bit = 0; bit < 32; bit++)
        {
            if ((bits & (1u << bit)) != 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(ids[n..], (ushort)bit);
                BinaryPrimitives.WriteUInt16BigEndian(ids[(n + 2)..], 4);
                n += 4;
            }
        }

        OfpProperty.Put(writer, (ushort)type, ids[..n]);
    }

    private static void PutFields(ArrayBufferWriter<byte> writer, int type, Bitmap256 fields, Bitmap256 masks, byte version)
    {
        Span<byte> headers = stackalloc byte[8 * Bitmap256.Capacity];
        int n = 0;
        for (int id = fields.NextSet(0); id >= 0; id = fields.NextSet(id + 1))
        {
            if (FieldTable.Get((FieldId)id).Header(version) is not { } h)
            {
                continue;
            }

            h = masks[id] ? h.WithMask(true, h.PayloadSize * 2) : h;
            h.Write(headers[n..]);
            n += h.HeaderSize;
        }

        OfpProperty.Put(writer, (ushort)type, headers[..n]);
    }
}
