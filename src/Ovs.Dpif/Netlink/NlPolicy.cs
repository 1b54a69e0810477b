// Upstream: struct nl_policy and nl_policy_parse() in lib/netlink.c (OVS 3.1), validation part only.
// What a nested attribute run must look like before a formatter trusts it: each attribute type the policy knows
// has a size range (strings also need one trailing NUL and no other), required types must be present, and the
// run must be walked to its end without leftover bytes. Types the policy does not know are ignored.
namespace Ovs.Dpif.Netlink;

internal readonly record struct NlPolicy(int MinSize, int MaxSize, bool IsString = false, bool Required = false)
{
    /// <summary>No entry: attributes of this type are not checked.</summary>
    public static readonly NlPolicy None = new(-1, -1);

    public static NlPolicy Flag => new(0, ushort.MaxValue);

    public static NlPolicy U16 => new(2, 2);

    public static NlPolicy U32 => new(4, 4);

    public static NlPolicy Unspec(int min = 0, int max = ushort.MaxValue) => new(min, max);

    public static NlPolicy String(int min = 1, int max = ushort.MaxValue) => new(min, max, IsString: true);

    private bool Known => MinSize >= 0;

    /// <summary>True when data (the payload of a nested attribute) satisfies policy, indexed by attribute type.</summary>
    public static bool Validate(ReadOnlySpan<byte> data, ReadOnlySpan<NlPolicy> policy)
    {
        Span<bool> seen = stackalloc bool[policy.Length];
        seen.Clear();
        var reader = new NlAttrReader(data);
        while (reader.MoveNext())
        {
            NlAttr a = reader.Current;
            if (a.Type >= policy.Length || !policy[a.Type].Known)
            {
                continue;
            }

            NlPolicy p = policy[a.Type];
            if (a.Size < p.MinSize || a.Size > p.MaxSize)
            {
                return false;
            }

            if (p.IsString && (a.Size == 0 || a.Payload[^1] != 0 || a.Payload[..^1].Contains((byte)0)))
            {
                return false;
            }

            seen[a.Type] = true;
        }

        if (reader.Leftover > 0)
        {
            return false;
        }

        for (int i = 0; i < policy.Length; i++)
        {
            if (policy[i].Known && policy[i].Required && !seen[i])
            {
                return false;
            }
        }

        return true;
    }
}
