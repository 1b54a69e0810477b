// SelectHashing: the selection method a select group gets, the dp_hash table the Webster method fills, and the
// debug lines upstream's ofproto_dpif logs while doing it (as upstream's "select group" tests expect them).
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class SelectHashingTests
{
    private static (SelectHashing Hashing, List<string> Log) Construct(GroupSelectionMethod? selection, params ushort[] weights)
    {
        var log = new List<string>();
        var buckets = weights.Select(static (w, i) => ((uint)i, w)).ToList();
        SelectHashing h = SelectHashing.Construct(1234, buckets, selection, log.Add);
        return (h, log);
    }

    [Fact]
    public void TwoEqualBucketsShareSixteenHashValues()
    {
        (SelectHashing h, List<string> log) = Construct(null, 1, 1);
        Assert.Equal(
            [
                "Constructing select group 1234", "No selection method specified. Trying dp_hash.",
                "  Minimum weight: 1, total weight: 2", "  Using 16 hash values:",
                "  Bucket 0: weight=1, target=8.00 hits=8", "  Bucket 1: weight=1, target=8.00 hits=8",
                "Use dp_hash with 16 hash values using algorithm 1.",
            ],
            log);
        Assert.Equal(SelectMethod.DpHash, h.Method);
        Assert.Equal(SelectHashing.AlgorithmSymmetricL4, h.HashAlgorithm);
        Assert.Equal(15u, h.HashMask);
        Assert.Equal(8, h.HashMap.Count(static b => b == 0));
        Assert.Equal(8, h.HashMap.Count(static b => b == 1));
    }

    [Fact]
    public void WeightsGetHashValuesInProportionAndWeightZeroGetsNone()
    {
        (SelectHashing h, List<string> log) = Construct(null, 5, 10, 25, 60, 0);
        Assert.Equal("  Minimum weight: 5, total weight: 100", log[2]);
        Assert.Equal("  Using 32 hash values:", log[3]);
        Assert.Equal("  Bucket 0: weight=5, target=1.60 hits=2", log[4]);
        Assert.Equal("  Bucket 3: weight=60, target=19.20 hits=19", log[7]);
        Assert.Equal("  Bucket 4: weight=0, target=0.00 hits=0", log[8]);
        int[] hits = new int[5];
        foreach (int b in h.HashMap)
        {
            hits[b]++;
        }

        Assert.Equal([2, 3, 8, 19, 0], hits);
    }

    [Fact]
    public void ExplicitDpHashTakesItsAlgorithmAndBasisFromTheParameter()
    {
        (SelectHashing h, List<string> log) = Construct(new GroupSelectionMethod("dp_hash", 0x0000_0000_0000_0007, []), 1, 1);
        Assert.Equal("Selection method specified: dp_hash.", log[1]);
        Assert.Equal("Use dp_hash with 16 hash values using algorithm 0.", log[^1]);
        Assert.Equal(SelectHashing.AlgorithmL4, h.HashAlgorithm);
        Assert.Equal(7u, h.HashBasis);

        (h, log) = Construct(new GroupSelectionMethod("dp_hash", 0x0000_0005_0000_0000, []), 1, 1);
        Assert.Contains("Invalid dp_hash algorithm 5. Defaulting to OVS_HASH_ALG_L4", log);
        Assert.Equal(SelectHashing.AlgorithmL4, h.HashAlgorithm);
    }

    [Fact]
    public void WithoutBucketsOrWithTooManyHashValuesTheDefaultHashIsUsed()
    {
        (SelectHashing h, List<string> log) = Construct(new GroupSelectionMethod("dp_hash", 0, []));
        Assert.Equal(["Constructing select group 1234", "Selection method specified: dp_hash.", "  Don't apply dp_hash method without buckets.", "Falling back to default hash method."], log);
        Assert.Equal(SelectMethod.Default, h.Method);

        (h, log) = Construct(new GroupSelectionMethod("dp_hash", 0, []), 1, 1000);
        Assert.Equal(["  Minimum weight: 1, total weight: 1001", "  Too many hash values required: 1024", "Falling back to default hash method."], log[2..]);
        Assert.Equal(SelectMethod.Default, h.Method);

        (h, log) = Construct(null, 0, 0);
        Assert.Equal("  Total weight is zero. No active buckets.", log[2]);
        Assert.Equal(SelectMethod.Default, h.Method);
    }

    [Fact]
    public void HashMethodNeedsFields()
    {
        (SelectHashing h, List<string> log) = Construct(new GroupSelectionMethod("hash", 0, []), 1, 1);
        Assert.Equal("No hash fields. Falling back to default hash method.", log[^1]);
        Assert.Equal(SelectMethod.Default, h.Method);
    }

    [Fact]
    public void HashesMatchUpstreamValues()
    {

        // jhash_bytes() is lookup3's hashlittle(): its published test values.
        byte[] text = System.Text.Encoding.ASCII.GetBytes("Four score and seven years ago");
        Assert.Equal(0x17770551u, SelectHash.Jenkins(text, 0));
        Assert.Equal(0xcd628161u, SelectHash.Jenkins(text, 1));
        Assert.Equal(0xdeadbeefu, SelectHash.Jenkins([], 0));
    }
}
