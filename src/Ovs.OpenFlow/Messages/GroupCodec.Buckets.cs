// Upstream: lib/ofp-group.c, ofputil_pull_ofp11_buckets(), ofputil_pull_ofp15_buckets(),
// ofputil_put_ofp11_bucket() and ofputil_put_ofp15_bucket() (OVS 3.1).
//
// Buckets in their two layouts. OpenFlow 1.1-1.4: a 16-byte header (length, weight, watch port, watch group) and
// then actions; ids are the bucket's position. OpenFlow 1.5 (and the Nicira 1.0 extension): an 8-byte header
// (length, actions length, bucket id), the actions, then weight/watch properties; absent properties default to
// weight 1 for select groups (else 0) and no watches.
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static partial class GroupCodec
{
    private const string Module = "ofp_group";
    private const int Bucket11Size = 16;
    private const int Bucket15Size = 8;
    private const ushort PropWeight = 0;
    private const ushort PropWatchPort = 1;
    private const ushort PropWatchGroup = 2;

    private static void Warn(OfpWarningSink? warn, string message) => warn?.Invoke(Module, OfpLogLevel.Warn, message);

    /// <summary>OpenFlow 1.1-1.4 buckets filling all of <paramref name="data"/>.</summary>
    public static OfpError PullBuckets11(ReadOnlySpan<byte> data, byte version, OfpWarningSink? warn, out List<GroupBucket> buckets)
    {
        buckets = [];
        uint nextId = 0;
        while (data.Length > 0)
        {
            if (data.Length < Bucket11Size)
            {
                Warn(warn, Inv($"buckets end with {data.Length} leftover bytes"));
                return OfpError.OfpgmfcBadBucket;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data);
            if (length < Bucket11Size)
            {
                Warn(warn, Inv($"OpenFlow message bucket length {length} is not valid"));
                return OfpError.OfpgmfcBadBucket;
            }

            if (length > data.Length)
            {
                Warn(warn, Inv($"OpenFlow message bucket length {length} exceeds remaining buckets data size {data.Length}"));
                return OfpError.OfpgmfcBadBucket;
            }

            OfpError error = OfpActions.DecodeActions(data[Bucket11Size..length], version, out List<OfpAct> actions, warn);
            if (error != OfpError.None)
            {
                return error;
            }

            if (!TryPortFrom11(BinaryPrimitives.ReadUInt32BigEndian(data[4..]), warn, out ushort watchPort))
            {
                return OfpError.OfpgmfcBadWatch;
            }

            ushort weight = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            uint watchGroup = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
            buckets.Add(new GroupBucket(nextId++, weight, watchPort, watchGroup, actions));
            data = data[length..];
        }

        return OfpError.None;
    }

    /// <summary>
    /// OpenFlow 1.5 buckets: <paramref name="listLength"/> bytes of <paramref name="data"/>, which must hold them
    /// (upstream reads a bucket header even past the list's stated length if the message has the bytes).
    /// </summary>
    public static OfpError PullBuckets15(ReadOnlySpan<byte> data, int listLength, byte version, byte type, OfpWarningSink? warn, out List<GroupBucket> buckets)
    {
        buckets = [];
        int remaining = listLength;
        while (remaining > 0)
        {
            if (data.Length < Bucket15Size)
            {
                Warn(warn, Inv($"buckets end with {remaining} leftover bytes"));
                return OfpError.OfpgmfcBadBucket;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data);
            int actionsLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            if (length < Bucket15Size)
            {
                Warn(warn, Inv($"OpenFlow message bucket length {length} is not valid"));
                return OfpError.OfpgmfcBadBucket;
            }

            if (length > remaining)
            {
                Warn(warn, Inv($"OpenFlow message bucket length {length} exceeds remaining buckets data size {remaining}"));
                return OfpError.OfpgmfcBadBucket;
            }

            if (actionsLength > length - Bucket15Size)
            {
                Warn(warn, Inv($"OpenFlow message bucket actions length {actionsLength} exceeds remaining bucket data size {length - Bucket15Size}"));
                return OfpError.OfpgmfcBadBucket;
            }

            remaining -= length;
            OfpError error = OfpActions.DecodeActions(data.Slice(Bucket15Size, actionsLength), version, out List<OfpAct> actions, warn);
            if (error == OfpError.None)
            {
                error = PullBucketProperties(data[(Bucket15Size + actionsLength)..length], type, warn, out ushort weight, out uint watchPort, out uint watchGroup);
                if (error == OfpError.None)
                {
                    error = MakeBucket15(BinaryPrimitives.ReadUInt32BigEndian(data[4..]), weight, watchPort, watchGroup, actions, warn, buckets);
                }
            }

            if (error != OfpError.None)
            {
                return error;
            }

            data = data[length..];
        }

        for (int i = 0; i < buckets.Count; i++)
        {
            for (int j = i + 1; j < buckets.Count; j++)
            {
                if (buckets[i].BucketId == buckets[j].BucketId)
                {
                    Warn(warn, "Duplicate bucket id");
                    return OfpError.OfpgmfcBadBucket;
                }
            }
        }

        return OfpError.None;
    }

    private static OfpError PullBucketProperties(ReadOnlySpan<byte> props, byte type, OfpWarningSink? warn, out ushort weight, out uint watchPort, out uint watchGroup)
    {
        weight = (ushort)(type == (byte)GroupType.Select ? 1 : 0);
        watchPort = PortTo11(GroupIds.PortAny);
        watchGroup = GroupIds.Any;
        while (props.Length > 0)
        {
            OfpError error = OfpProperty.TryPull(ref props, out ulong propType, out ReadOnlySpan<byte> payload);
            if (error != OfpError.None)
            {
                return error;
            }

            switch (propType)
            {
                case PropWeight:
                    if (payload.Length < 2)
                    {
                        return OfpError.OfpbpcBadLen;
                    }

                    weight = BinaryPrimitives.ReadUInt16BigEndian(payload);
                    break;
                case PropWatchPort:
                    error = OfpProperty.ParseU32(payload, out watchPort);
                    break;
                case PropWatchGroup:
                    error = OfpProperty.ParseU32(payload, out watchGroup);
                    break;
                default:
                    error = UnknownProperty(warn, "group bucket", propType);
                    break;
            }

            if (error != OfpError.None)
            {
                return error;
            }
        }

        return OfpError.None;
    }

    private static OfpError MakeBucket15(uint id, ushort weight, uint watchPort11, uint watchGroup, List<OfpAct> actions, OfpWarningSink? warn, List<GroupBucket> buckets)
    {
        if (!TryPortFrom11(watchPort11, warn, out ushort watchPort))
        {
            return OfpError.OfpgmfcBadWatch;
        }

        if (id > GroupIds.BucketMax)
        {
            Warn(warn, Inv($"bucket id ({id}) is out of range"));
            return OfpError.OfpgmfcBadBucket;
        }

        buckets.Add(new GroupBucket(id, weight, watchPort, watchGroup, actions));
        return OfpError.None;
    }

    /// <summary>What upstream's ofpprop_unknown() logs and returns for a property it does not know.</summary>
    private static OfpError UnknownProperty(OfpWarningSink? warn, string what, ulong type)
    {
        if (type <= 0xffff)
        {
            Warn(warn, Inv($"unknown {what} property type {type}"));
            return OfpError.OfpbpcBadType;
        }

        Warn(warn, Inv($"unknown {what} property type for exp_id 0x{(uint)(type >> 32):x}, exp_type {(int)(uint)type}"));
        return OfpError.OfpbpcBadExpType;
    }

    /// <summary>ofputil_port_from_ofp11(): a 32-bit port into the 16-bit space, with upstream's warning if it does not fit.</summary>
    private static bool TryPortFrom11(uint port, OfpWarningSink? warn, out ushort number)
    {
        if (PhyPort.TryPortFrom11(port, out number))
        {
            return true;
        }

        warn?.Invoke("ofp_port", OfpLogLevel.Warn, Inv($"port {port} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff"));
        return false;
    }

    private static uint PortTo11(ushort port) => port < 0xff00 ? port : port + 0xffff0000u;

    /// <summary>Appends an OpenFlow 1.1-1.4 bucket.</summary>
    private static void PutBucket11(ArrayBufferWriter<byte> output, GroupBucket bucket, byte version)
    {
        var actions = new ArrayBufferWriter<byte>();
        OfpActions.EncodeActions(bucket.Actions, version, actions);
        Span<byte> header = output.GetSpan(Bucket11Size)[..Bucket11Size];
        header.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)(Bucket11Size + actions.WrittenCount));
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], bucket.Weight);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], PortTo11(bucket.WatchPort));
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], bucket.WatchGroup);
        output.Advance(Bucket11Size);
        output.Write(actions.WrittenSpan);
    }

    /// <summary>Appends an OpenFlow 1.5 bucket with id <paramref name="bucketId"/>.</summary>
    private static void PutBucket15(ArrayBufferWriter<byte> output, GroupBucket bucket, uint bucketId, byte type, byte version)
    {
        var body = new ArrayBufferWriter<byte>();
        OfpActions.EncodeActions(bucket.Actions, version, body);
        int actionsLength = body.WrittenCount;
        if (type == (byte)GroupType.Select || bucket.Weight != 0)
        {
            // Like every 16-bit property upstream writes, the weight fills 4 bytes (value, 2 bytes of padding).
            Span<byte> weight = stackalloc byte[4];
            weight.Clear();
            BinaryPrimitives.WriteUInt16BigEndian(weight, bucket.Weight);
            OfpProperty.Put(body, PropWeight, weight);
        }

        if (bucket.WatchPort != GroupIds.PortAny)
        {
            OfpProperty.PutU32(body, PropWatchPort, PortTo11(bucket.WatchPort));
        }

        if (bucket.WatchGroup != GroupIds.Any)
        {
            OfpProperty.PutU32(body, PropWatchGroup, bucket.WatchGroup);
        }

        Span<byte> header = output.GetSpan(Bucket15Size)[..Bucket15Size];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)(Bucket15Size + body.WrittenCount));
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)actionsLength);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], bucketId);
        output.Advance(Bucket15Size);
        output.Write(body.WrittenSpan);
    }

    /// <summary>
    /// The ids OpenFlow 1.5 buckets go out with: a bucket's own id, or for one without (an id above
    /// OFPG15_BUCKET_MAX) the next free id, counting as taken the ids of the buckets after the first such bucket.
    /// </summary>
    private static uint[] AssignBucketIds(IReadOnlyList<GroupBucket> buckets)
    {
        var ids = new uint[buckets.Count];
        HashSet<uint>? used = null;
        uint next = 0;
        for (int i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].BucketId <= GroupIds.BucketMax)
            {
                ids[i] = buckets[i].BucketId;
                continue;
            }

            if (used is null)
            {
                used = [];
                for (int j = i + 1; j < buckets.Count; j++)
                {
                    if (buckets[j].BucketId <= GroupIds.BucketMax)
                    {
                        used.Add(buckets[j].BucketId);
                    }
                }
            }

            uint id = next;
            if (used.Contains(id))
            {
                id = 0;
                while (used.Contains(id))
                {
                    id++;
                }
            }

            used.Add(id);
            next = id + 1;
            ids[i] = id;
        }

        return ids;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
