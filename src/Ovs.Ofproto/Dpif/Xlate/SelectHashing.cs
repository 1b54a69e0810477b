// Upstream: group_setup_dp_hash_table() and group_set_selection_method() of ofproto/ofproto-dpif.c (OVS 3.1).
//
// How a select group picks its bucket, decided once when the group is made. Without a selection method the group
// uses dp_hash when at most 256 hash values can give every weighted bucket its share; "dp_hash" asks for it (and
// its parameter names the hash algorithm and basis); "hash" hashes the fields the group lists. Otherwise, and
// whenever dp_hash cannot be set up (no buckets, zero total weight, too many hash values), translation hashes the
// flow's symmetric L4 fields ("default"). For dp_hash, a table maps each masked hash value to a bucket: the
// Webster (Sainte-Laguë) method hands the values out in proportion to the weights. Each step is logged at debug
// level under ofproto_dpif, with upstream's words.
using System.Globalization;
using System.Text;
using Ovs.Common.Logging;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>How a select group chooses a bucket.</summary>
internal enum SelectMethod : byte
{
    /// <summary>Hash of the flow's symmetric L4 fields, in translation.</summary>
    Default,

    /// <summary>Hash of the fields the group lists, in translation.</summary>
    Hash,

    /// <summary>The datapath hashes the packet (hash action, then recirculation); the dp_hash picks the bucket.</summary>
    DpHash,
}

/// <summary>A select group's bucket choice: the method, and for dp_hash the algorithm, basis and hash-to-bucket map.</summary>
internal sealed record SelectHashing(SelectMethod Method, uint HashAlgorithm, uint HashBasis, uint HashMask, int[] HashMap, ulong Param)
{
    /// <summary>OVS_HASH_ALG_L4 and OVS_HASH_ALG_SYM_L4; algorithms from 2 on do not exist.</summary>
    public const uint AlgorithmL4 = 0, AlgorithmSymmetricL4 = 1, AlgorithmCount = 2;

    /// <summary>The most dp_hash values a group may use (upstream MAX_SELECT_GROUP_HASH_VALUES).</summary>
    public const int MaxHashValues = 256;

    private static readonly VlogModule s_log = VlogModule.Get("ofproto_dpif");

    /// <summary>Translation's default: the symmetric L4 hash, no table.</summary>
    public static SelectHashing DefaultMethod(ulong param = 0) => new(SelectMethod.Default, 0, 0, 0, [], param);

    /// <summary>group_set_selection_method(): the method for select group groupId, logging each step at debug level.</summary>
    public static SelectHashing Construct(uint groupId, IReadOnlyList<(uint BucketId, ushort Weight)> buckets, GroupSelectionMethod? selection)
        => Construct(groupId, buckets, selection, static line => s_log.Log(VlogLevel.Dbg, line));

    /// <summary>Construct() with the debug lines given to <paramref name="debug"/>.</summary>
    public static SelectHashing Construct(
        uint groupId, IReadOnlyList<(uint BucketId, ushort Weight)> buckets, GroupSelectionMethod? selection, Action<string> debug)
    {
        debug(string.Create(CultureInfo.InvariantCulture, $"Constructing select group {groupId}"));
        string method = selection?.Method ?? "";
        ulong param = selection?.Param ?? 0;
        if (method.Length == 0 || method == "dp_hash")
        {
            debug(method.Length == 0 ? "No selection method specified. Trying dp_hash." : "Selection method specified: dp_hash.");
            int[]? map = BuildHashMap(buckets, method.Length == 0 ? MaxHashValues : 0, debug);
            if (map is null)
            {
                debug("Falling back to default hash method.");
                return DefaultMethod(param);
            }

            uint algorithm = AlgorithmSymmetricL4, basis = 0;
            if (method.Length != 0)
            {
                algorithm = (uint)(param >> 32);
                if (algorithm >= AlgorithmCount)
                {
                    debug(string.Create(CultureInfo.InvariantCulture, $"Invalid dp_hash algorithm {algorithm}. Defaulting to OVS_HASH_ALG_L4"));
                    algorithm = AlgorithmL4;
                }

                basis = (uint)param;
            }

            debug(string.Create(CultureInfo.InvariantCulture, $"Use dp_hash with {map.Length} hash values using algorithm {algorithm}."));
            return new SelectHashing(SelectMethod.DpHash, algorithm, basis, (uint)map.Length - 1, map, param);
        }

        debug("Selection method specified: hash.");
        if (selection!.Fields.Count == 0)
        {
            debug("No hash fields. Falling back to default hash method.");
            return DefaultMethod(param);
        }

        debug("Hash fields: " + FormatFields(selection.Fields));
        return new SelectHashing(SelectMethod.Hash, 0, 0, 0, [], param);
    }

    /// <summary>
    /// group_setup_dp_hash_table(): for each dp_hash value (a power of two of them, at least 16, enough that the
    /// lightest weighted bucket gets one) the index of its bucket; null when dp_hash cannot serve these buckets, or
    /// would need more than maxHash (when nonzero) or 256 values.
    /// </summary>
    public static int[]? BuildHashMap(IReadOnlyList<(uint BucketId, ushort Weight)> buckets, int maxHash, Action<string> debug)
    {
        if (buckets.Count == 0)
        {
            debug("  Don't apply dp_hash method without buckets.");
            return null;
        }

        ulong total = 0;
        ushort minWeight = ushort.MaxValue;
        foreach ((_, ushort weight) in buckets)
        {
            if (weight > 0 && weight < minWeight)
            {
                minWeight = weight;
            }

            total += weight;
        }

        if (total == 0)
        {
            debug("  Total weight is zero. No active buckets.");
            return null;
        }

        debug(string.Create(CultureInfo.InvariantCulture, $"  Minimum weight: {minWeight}, total weight: {total}"));
        ulong minSlots = (total + minWeight - 1) / minWeight;
        ulong nHash = Math.Max(16, RoundUpPow2(minSlots));
        if (nHash > MaxHashValues || (maxHash != 0 && nHash > (ulong)maxHash))
        {
            debug(string.Create(CultureInfo.InvariantCulture, $"  Too many hash values required: {nHash}"));
            return null;
        }

        debug(string.Create(CultureInfo.InvariantCulture, $"  Using {nHash} hash values:"));
        int[] map = new int[nHash];
        uint[] divisor = new uint[buckets.Count];
        double[] value = new double[buckets.Count];
        int[] hits = new int[buckets.Count];
        for (int i = 0; i < buckets.Count; i++)
        {
            divisor[i] = 1;
            value[i] = buckets[i].Weight;
        }

        for (int hash = 0; hash < map.Length; hash++)
        {
            int winner = 0;
            for (int i = 1; i < buckets.Count; i++)
            {
                if (value[i] > value[winner])
                {
                    winner = i;
                }
            }

            hits[winner]++;
            divisor[winner] += 2;
            value[winner] = (double)buckets[winner].Weight / divisor[winner];
            map[hash] = winner;
        }

        for (int i = 0; i < buckets.Count; i++)
        {
            double target = nHash * buckets[i].Weight / (double)total;
            debug(string.Create(
                CultureInfo.InvariantCulture, $"  Bucket {(int)buckets[i].BucketId}: weight={buckets[i].Weight}, target={target:F2} hits={hits[i]}"));
        }

        return map;
    }

    private static ulong RoundUpPow2(ulong n) => n <= 1 ? n : 1UL << (64 - System.Numerics.BitOperations.LeadingZeroCount(n - 1));

    /// <summary>oxm_format_field_array(): each field's name, with "=mask" when it is not the whole field.</summary>
    private static string FormatFields(IReadOnlyList<GroupHashField> fields)
    {
        var sb = new StringBuilder();
        foreach (GroupHashField f in fields)
        {
            FieldInfo field = FieldTable.Get(f.Field);
            sb.Append(field.Name);
            if (f.Mask.AsSpan().ContainsAnyExcept((byte)0xff))
            {
                sb.Append('=');
                FieldFormatter.Append(sb, field, f.Mask);
            }

            sb.Append(',');
        }

        return sb.ToString().TrimEnd(',');
    }
}
