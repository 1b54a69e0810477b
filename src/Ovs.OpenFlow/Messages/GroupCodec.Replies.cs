// Upstream: lib/ofp-group.c, ofputil_decode_group_desc_reply(), ofputil_append_group_desc_reply(),
// ofputil_decode_group_stats_reply() and ofputil_append_group_stats() (OVS 3.1).
//
// The bodies of group description and group statistics replies: a sequence of entries, each with its own length.
// Description entries are 1.1-style (OpenFlow 1.1-1.4) or 1.5-style (OpenFlow 1.5 and the Nicira 1.0 reply, with a
// bucket list length and group properties). Statistics entries have a duration from OpenFlow 1.3 (and in the Nicira
// 1.0 reply), then one packet/byte counter pair per bucket.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>One group's counters; durations are uint.MaxValue when the version has none (OpenFlow 1.1 and 1.2).</summary>
internal sealed record GroupStats(
    uint GroupId, uint RefCount, ulong PacketCount, ulong ByteCount, uint DurationSec, uint DurationNsec, IReadOnlyList<(ulong Packets, ulong Bytes)> BucketCounters);

internal static partial class GroupCodec
{
    private const int Desc11Size = 8;
    private const int Desc15Size = 16;
    private const int Stats11Size = 32;
    private const int Stats13Size = 40;
    private const int BucketCounterSize = 16;

    /// <summary>
    /// Decodes the next group description entry off the front of <paramref name="body"/>; returns None with
    /// <paramref name="group"/> null at the end.
    /// </summary>
    public static OfpError PullGroupDesc(ref ReadOnlySpan<byte> body, byte version, OfpWarningSink? warn, out Group? group)
    {
        group = null;
        if (body.IsEmpty)
        {
            return OfpError.None;
        }

        bool v15 = version is OfpVersions.Min or (byte)OfpVersion.Of15;
        int fixedSize = v15 ? Desc15Size : Desc11Size;
        if (body.Length < fixedSize)
        {
            Warn(warn, $"OFPST11_GROUP_DESC reply has {body.Length} leftover bytes at end");
            return OfpError.OfpbrcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(body);
        byte type = body[2];
        uint groupId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        if (length < fixedSize || length - fixedSize > body.Length - fixedSize)
        {
            Warn(warn, $"OFPST11_GROUP_DESC reply claims invalid length {length}");
            return OfpError.OfpbrcBadLen;
        }

        OfpError error;
        List<GroupBucket> buckets;
        GroupSelectionMethod? selection = null;
        if (!v15)
        {
            error = PullBuckets11(body[fixedSize..length], version, warn, out buckets);
        }
        else
        {
            int listLength = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
            if (length < listLength + fixedSize)
            {
                Warn(warn, $"OFPST11_GROUP_DESC reply claims invalid bucket list length {listLength}");
                return OfpError.OfpbrcBadLen;
            }

            error = PullBuckets15(body[fixedSize..], listLength, version, type, warn, out buckets);
            if (error == OfpError.None)
            {
                // A description has no command; upstream checks its properties as for an add.
                error = PullGroupProperties(body[(fixedSize + listLength)..length], type, GroupCommand.Add, warn, out selection);
            }
        }

        if (error != OfpError.None)
        {
            return error;
        }

        body = body[length..];
        group = new Group(type, groupId, buckets, selection);
        return OfpError.None;
    }

    /// <summary>Appends one group description entry for <paramref name="version"/>.</summary>
    public static void PutGroupDesc(ArrayBufferWriter<byte> output, Group group, byte version)
    {
        var entry = new ArrayBufferWriter<byte>();
        bool v15 = version is OfpVersions.Min or (byte)OfpVersion.Of15;
        int listLength = 0;
        if (!v15)
        {
            foreach (GroupBucket bucket in group.Buckets)
            {
                PutBucket11(entry, bucket, version);
            }
        }
        else
        {
            foreach (GroupBucket bucket in group.Buckets)
            {
                PutBucket15(entry, bucket, bucket.BucketId, group.Type, version);
            }

            listLength = entry.WrittenCount;
            if (group.Selection is { } selection)
            {
                PutSelectionMethod(entry, selection, version);
            }
        }

        int fixedSize = v15 ? Desc15Size : Desc11Size;
        Span<byte> head = output.GetSpan(fixedSize)[..fixedSize];
        head.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(head, (ushort)(fixedSize + entry.WrittenCount));
        head[2] = group.Type;
        BinaryPrimitives.WriteUInt32BigEndian(head[4..], group.GroupId);
        if (v15)
        {
            BinaryPrimitives.WriteUInt16BigEndian(head[8..], (ushort)listLength);
        }

        output.Advance(fixedSize);
        output.Write(entry.WrittenSpan);
    }

    /// <summary>A whole group description reply (NXST_GROUP_DESC or OFPST_GROUP_DESC) holding <paramref name="groups"/>.</summary>
    public static byte[] EncodeGroupDescReply(IReadOnlyList<Group> groups, byte version, uint xid)
    {
        var body = new ArrayBufferWriter<byte>();
        foreach (Group group in groups)
        {
            PutGroupDesc(body, group, version);
        }

        return Finish(version == OfpVersions.Min ? OfpRaw.NxstGroupDescReply : OfpRaw.Ofpst11GroupDescReply, version, xid, body.WrittenSpan);
    }

    /// <summary>
    /// Decodes the next group statistics entry off the front of <paramref name="body"/> of a reply of
    /// <paramref name="raw"/>; returns None with <paramref name="stats"/> null at the end.
    /// </summary>
    public static OfpError PullGroupStats(ref ReadOnlySpan<byte> body, OfpRawInfo raw, OfpWarningSink? warn, out GroupStats? stats)
    {
        stats = null;
        if (body.IsEmpty)
        {
            return OfpError.None;
        }

        bool withDuration = raw.Raw != OfpRaw.Ofpst11GroupReply;
        int baseSize = withDuration ? Stats13Size : Stats11Size;
        if (body.Length < baseSize)
        {
            Warn(warn, $"{raw.Name} reply has {body.Length} leftover bytes at end");
            return OfpError.OfpbrcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(body);

        // Upstream compares the length with the size of a size_t, not with the entry's size; a length between the
        // two then asks for an impossible number of counters, so it fails below as leftover bytes.
        if (length < sizeof(ulong))
        {
            Warn(warn, $"{raw.Name} reply claims invalid length {length}");
            return OfpError.OfpbrcBadLen;
        }

        int counters = length >= baseSize ? (length - baseSize) / BucketCounterSize : int.MaxValue;
        ReadOnlySpan<byte> rest = body[baseSize..];
        if (counters > rest.Length / BucketCounterSize)
        {
            Warn(warn, $"{raw.Name} reply has {rest.Length} leftover bytes at end");
            return OfpError.OfpbrcBadLen;
        }

        var bucketCounters = new (ulong, ulong)[counters];
        for (int i = 0; i < counters; i++)
        {
            ReadOnlySpan<byte> c = rest[(i * BucketCounterSize)..];
            bucketCounters[i] = (BinaryPrimitives.ReadUInt64BigEndian(c), BinaryPrimitives.ReadUInt64BigEndian(c[8..]));
        }

        stats = new GroupStats(
            BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(body[24..]),
            withDuration ? BinaryPrimitives.ReadUInt32BigEndian(body[32..]) : uint.MaxValue,
            withDuration ? BinaryPrimitives.ReadUInt32BigEndian(body[36..]) : uint.MaxValue,
            bucketCounters);
        body = rest[(counters * BucketCounterSize)..];
        return OfpError.None;
    }

    /// <summary>A whole group statistics reply for <paramref name="version"/> holding <paramref name="groups"/>.</summary>
    public static byte[] EncodeGroupStatsReply(IReadOnlyList<GroupStats> groups, byte version, uint xid)
    {
        bool withDuration = version is OfpVersions.Min or >= (byte)OfpVersion.Of13;
        int baseSize = withDuration ? Stats13Size : Stats11Size;
        var body = new ArrayBufferWriter<byte>();
        foreach (GroupStats gs in groups)
        {
            int size = baseSize + (gs.BucketCounters.Count * BucketCounterSize);
            Span<byte> e = body.GetSpan(size)[..size];
            e.Clear();
            BinaryPrimitives.WriteUInt16BigEndian(e, (ushort)size);
            BinaryPrimitives.WriteUInt32BigEndian(e[4..], gs.GroupId);
            BinaryPrimitives.WriteUInt32BigEndian(e[8..], gs.RefCount);
            BinaryPrimitives.WriteUInt64BigEndian(e[16..], gs.PacketCount);
            BinaryPrimitives.WriteUInt64BigEndian(e[24..], gs.ByteCount);
            if (withDuration)
            {
                BinaryPrimitives.WriteUInt32BigEndian(e[32..], gs.DurationSec);
                BinaryPrimitives.WriteUInt32BigEndian(e[36..], gs.DurationNsec);
            }

            for (int i = 0; i < gs.BucketCounters.Count; i++)
            {
                Span<byte> c = e[(baseSize + (i * BucketCounterSize))..];
                BinaryPrimitives.WriteUInt64BigEndian(c, gs.BucketCounters[i].Packets);
                BinaryPrimitives.WriteUInt64BigEndian(c[8..], gs.BucketCounters[i].Bytes);
            }

            body.Advance(size);
        }

        OfpRaw raw = version switch
        {
            OfpVersions.Min => OfpRaw.NxstGroupReply,
            (byte)OfpVersion.Of11 or (byte)OfpVersion.Of12 => OfpRaw.Ofpst11GroupReply,
            _ => OfpRaw.Ofpst13GroupReply,
        };
        return Finish(raw, version, xid, body.WrittenSpan);
    }

    /// <summary>A group statistics (or, with <paramref name="desc"/>, description) request for one group or ALL.</summary>
    public static byte[] EncodeGroupRequest(uint groupId, byte version, uint xid, bool desc = false)
    {
        Span<byte> body = stackalloc byte[8];
        body.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(body, groupId);
        OfpRaw raw = (desc, version) switch
        {
            (false, OfpVersions.Min) => OfpRaw.NxstGroupRequest,
            (false, _) => OfpRaw.Ofpst11GroupRequest,
            (true, OfpVersions.Min) => OfpRaw.NxstGroupDescRequest,
            (true, (byte)OfpVersion.Of15) => OfpRaw.Ofpst15GroupDescRequest,
            (true, _) => OfpRaw.Ofpst11GroupDescRequest,
        };
        return Finish(raw, version, xid, raw == OfpRaw.Ofpst11GroupDescRequest ? default : body);
    }
}
