// Upstream: lib/ofp-table.c, ofputil_decode_table_stats_reply() and ofputil_append_table_stats_reply() (OVS 3.1)
//
// One entry of an OFPST_TABLE reply. OpenFlow 1.0-1.2 also describe the table (name, wildcards or OXM bitmaps,
// actions, instructions, miss config), which decodes into TableFeatures; 1.3 and later carry only counters.
// Entry sizes: 64 bytes (1.0), 88 (1.1), 128 (1.2), 24 (1.3+).
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal readonly record struct TableStats(byte TableId, uint ActiveCount, ulong LookupCount, ulong MatchedCount)
{
    public static int EntrySize(byte version) => version switch
    {
        (byte)OfpVersion.Of10 => 64,
        (byte)OfpVersion.Of11 => 88,
        (byte)OfpVersion.Of12 => 128,
        _ => 24,
    };

    /// <summary>Pulls the next entry off a non-empty <paramref name="rest"/>.</summary>
    public static OfpError TryPull(ref ReadOnlySpan<byte> rest, byte version, OfpWarningSink? warn, out TableStats stats, out TableFeatures features)
    {
        stats = default;
        features = TableFeatures.Empty(0);
        int size = EntrySize(version);
        if (rest.Length < size)
        {
            return OfpError.OfpbrcBadLen;
        }

        ReadOnlySpan<byte> e = rest[..size];
        rest = rest[size..];
        features.TableId = e[0];
        switch (version)
        {
            case (byte)OfpVersion.Of10:
                features.Name = TableName.Read(e.Slice(4, TableName.Size));
                features.Match = features.Wildcard = TableBitmaps.FromOf10Wildcards(BinaryPrimitives.ReadUInt32BigEndian(e[36..]));
                features.MaxEntries = BinaryPrimitives.ReadUInt32BigEndian(e[40..]);
                stats = new TableStats(e[0], BinaryPrimitives.ReadUInt32BigEndian(e[44..]), BinaryPrimitives.ReadUInt64BigEndian(e[48..]), BinaryPrimitives.ReadUInt64BigEndian(e[56..]));
                return OfpError.None;

            case (byte)OfpVersion.Of11:
                features.Name = TableName.Read(e.Slice(8, TableName.Size));
                features.Wildcard = TableBitmaps.FromOf11Wildcards(BinaryPrimitives.ReadUInt32BigEndian(e[40..]));
                features.Match = TableBitmaps.FromOf11Wildcards(BinaryPrimitives.ReadUInt32BigEndian(e[44..])) | features.Wildcard;
                features.Nonmiss.Instructions = TableBitmaps.InstructionsFromOpenFlow(BinaryPrimitives.ReadUInt32BigEndian(e[48..]), version);
                features.Nonmiss.Write.Actions = TableBitmaps.ActionsFromOpenFlow(BinaryPrimitives.ReadUInt32BigEndian(e[52..]), version);

                // Upstream takes the apply actions from the write-actions bitmap too; the printed text depends on it.
                features.Nonmiss.Apply.Actions = features.Nonmiss.Write.Actions;
                features.Miss = features.Nonmiss;
                features.MissConfig = TableMod.DecodeMiss(BinaryPrimitives.ReadUInt32BigEndian(e[60..]), version, warn);
                features.MaxEntries = BinaryPrimitives.ReadUInt32BigEndian(e[64..]);
                stats = new TableStats(e[0], BinaryPrimitives.ReadUInt32BigEndian(e[68..]), BinaryPrimitives.ReadUInt64BigEndian(e[72..]), BinaryPrimitives.ReadUInt64BigEndian(e[80..]));
                return OfpError.None;

            case (byte)OfpVersion.Of12:
                features.Name = TableName.Read(e.Slice(8, TableName.Size));
                features.Match = TableBitmaps.FromOxmBitmap(BinaryPrimitives.ReadUInt64BigEndian(e[40..]), version);
                features.Wildcard = TableBitmaps.FromOxmBitmap(BinaryPrimitives.ReadUInt64BigEndian(e[48..]), version);
                features.Match |= features.Wildcard;
                features.Nonmiss.Write.Actions = TableBitmaps.ActionsFromOpenFlow(BinaryPrimitives.ReadUInt32BigEndian(e[56..]), version);
                features.Nonmiss.Apply.Actions = TableBitmaps.ActionsFromOpenFlow(BinaryPrimitives.ReadUInt32BigEndian(e[60..]), version);
                features.Nonmiss.Write.SetFields = TableBitmaps.FromOxmBitmap(BinaryPrimitives.ReadUInt64BigEndian(e[64..]), version);
                features.Nonmiss.Apply.SetFields = TableBitmaps.FromOxmBitmap(BinaryPrimitives.ReadUInt64BigEndian(e[72..]), version);
                features.MetadataMatch = BinaryPrimitives.ReadUInt64BigEndian(e[80..]);
                features.MetadataWrite = BinaryPrimitives.ReadUInt64BigEndian(e[88..]);
                features.Nonmiss.Instructions = TableBitmaps.InstructionsFromOpenFlow(BinaryPrimitives.ReadUInt32BigEndian(e[96..]), version);
                features.Miss = features.Nonmiss;
                features.MissConfig = TableMod.DecodeMiss(BinaryPrimitives.ReadUInt32BigEndian(e[100..]), version, warn);
                features.MaxEntries = BinaryPrimitives.ReadUInt32BigEndian(e[104..]);
                stats = new TableStats(e[0], BinaryPrimitives.ReadUInt32BigEndian(e[108..]), BinaryPrimitives.ReadUInt64BigEndian(e[112..]), BinaryPrimitives.ReadUInt64BigEndian(e[120..]));
                return OfpError.None;

            default:
                stats = new TableStats(e[0], BinaryPrimitives.ReadUInt32BigEndian(e[4..]), BinaryPrimitives.ReadUInt64BigEndian(e[8..]), BinaryPrimitives.ReadUInt64BigEndian(e[16..]));
                return OfpError.None;
        }
    }

    /// <summary>Writes this entry, with the table description <paramref name="features"/> where the version has one.</summary>
    public void Write(Span<byte> e, in TableFeatures features, byte version)
    {
        e[..EntrySize(version)].Clear();
        e[0] = TableId;
        switch (version)
        {
            case (byte)OfpVersion.Of10:
                TableName.Write(features.Name, e.Slice(4, TableName.Size));
                BinaryPrimitives.WriteUInt32BigEndian(e[36..], TableBitmaps.ToOf10Wildcards(WildOrUnmatchable(features)));
                BinaryPrimitives.WriteUInt32BigEndian(e[40..], features.MaxEntries);
                WriteCounters(e[44..]);
                break;

            case (byte)OfpVersion.Of11:
                TableName.Write(features.Name, e.Slice(8, TableName.Size));
                BinaryPrimitives.WriteUInt32BigEndian(e[40..], TableBitmaps.ToOf11Wildcards(WildOrUnmatchable(features)));
                BinaryPrimitives.WriteUInt32BigEndian(e[44..], TableBitmaps.ToOf11Wildcards(features.Match));
                BinaryPrimitives.WriteUInt32BigEndian(e[48..], TableBitmaps.InstructionsToOpenFlow(features.Nonmiss.Instructions, version));
                BinaryPrimitives.WriteUInt32BigEndian(e[52..], TableBitmaps.ActionsToOpenFlow(features.Nonmiss.Write.Actions, version));
                BinaryPrimitives.WriteUInt32BigEndian(e[56..], TableBitmaps.ActionsToOpenFlow(features.Nonmiss.Apply.Actions, version));
                BinaryPrimitives.WriteUInt32BigEndian(e[60..], (uint)features.MissConfig);
                BinaryPrimitives.WriteUInt32BigEndian(e[64..], features.MaxEntries);
                WriteCounters(e[68..]);
                break;

            case (byte)OfpVersion.Of12:
                TableName.Write(features.Name, e.Slice(8, TableName.Size));
                BinaryPrimitives.WriteUInt64BigEndian(e[40..], TableBitmaps.ToOxmBitmap(features.Match, version));
                BinaryPrimitives.WriteUInt64BigEndian(e[48..], TableBitmaps.ToOxmBitmap(features.Wildcard, version));
                BinaryPrimitives.WriteUInt32BigEndian(e[56..], TableBitmaps.ActionsToOpenFlow(features.Nonmiss.Write.Actions, version));
                BinaryPrimitives.WriteUInt32BigEndian(e[60..], TableBitmaps.ActionsToOpenFlow(features.Nonmiss.Apply.Actions, version));
                BinaryPrimitives.WriteUInt64BigEndian(e[64..], TableBitmaps.ToOxmBitmap(features.Nonmiss.Write.SetFields, version));
                BinaryPrimitives.WriteUInt64BigEndian(e[72..], TableBitmaps.ToOxmBitmap(features.Nonmiss.Apply.SetFields, version));
                BinaryPrimitives.WriteUInt64BigEndian(e[80..], features.MetadataMatch);
                BinaryPrimitives.WriteUInt64BigEndian(e[88..], features.MetadataWrite);
                BinaryPrimitives.WriteUInt32BigEndian(e[96..], TableBitmaps.InstructionsToOpenFlow(features.Nonmiss.Instructions, version));
                BinaryPrimitives.WriteUInt32BigEndian(e[100..], TableMod.EncodeMiss(features.MissConfig));
                BinaryPrimitives.WriteUInt32BigEndian(e[104..], features.MaxEntries);
                WriteCounters(e[108..]);
                break;

            default:
                WriteCounters(e[4..]);
                break;
        }
    }

    /// <summary>Encodes an OFPST_TABLE reply from parallel lists of statistics and features.</summary>
    public static void EncodeReply(IReadOnlyList<TableStats> stats, IReadOnlyList<TableFeatures> features, byte version, uint xid, IBufferWriter<byte> writer, ushort statsFlags = 0)
    {
        int size = EntrySize(version);
        OfpRaw raw = version switch
        {
            (byte)OfpVersion.Of10 => OfpRaw.Ofpst10TableReply,
            (byte)OfpVersion.Of11 => OfpRaw.Ofpst11TableReply,
            (byte)OfpVersion.Of12 => OfpRaw.Ofpst12TableReply,
            _ => OfpRaw.Ofpst13TableReply,
        };
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, size * stats.Count, out int total, statsFlags);
        for (int i = 0; i < stats.Count; i++)
        {
            stats[i].Write(body[(i * size)..], features[i], version);
        }

        writer.Advance(total);
    }

    // What OpenFlow 1.0 and 1.1 call wildcards: fields that may be wildcarded or cannot be matched at all.
    private static Bitmap256 WildOrUnmatchable(in TableFeatures features) => ~features.Match | features.Wildcard;

    private void WriteCounters(Span<byte> d)
    {
        BinaryPrimitives.WriteUInt32BigEndian(d, ActiveCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[4..], LookupCount);
        BinaryPrimitives.WriteUInt64BigEndian(d[12..], MatchedCount);
    }
}
