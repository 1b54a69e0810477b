using Ovs.Dpif.Netlink;

namespace Ovs.Dpif.Tests.Netlink;

public class NlAttrTests
{
    [Fact]
    public void Attributes_are_padded_to_four_bytes_and_lengths_exclude_padding()
    {
        byte[] buffer = new byte[64];
        var w = new NlWriter(buffer);
        w.PutU8(1, 0xab);
        w.PutBe16(2, 0x1234);
        Assert.Equal(16, w.Length);
        Assert.Equal(new byte[] { 5, 0, 1, 0, 0xab, 0, 0, 0, 6, 0, 2, 0, 0x12, 0x34, 0, 0 }, w.Written.ToArray());
    }

    [Fact]
    public void Nested_attributes_get_their_total_length()
    {
        byte[] buffer = new byte[64];
        var w = new NlWriter(buffer);
        int start = w.BeginNested(7);
        w.PutU32(1, 42);
        w.PutFlag(2);
        w.EndNested(start);
        var reader = new NlAttrReader(w.Written);
        Assert.True(reader.MoveNext());
        Assert.Equal(7, reader.Current.Type);
        Assert.Equal(12, reader.Current.Size);
        var inner = reader.Current.Nested;
        Assert.True(inner.MoveNext());
        Assert.Equal(42u, inner.Current.U32);
        Assert.True(inner.MoveNext());
        Assert.Equal(0, inner.Current.Size);
        Assert.False(inner.MoveNext());
        Assert.False(reader.MoveNext());
        Assert.Equal(0, reader.Leftover);
    }

    [Theory]
    [InlineData(new byte[] { 8, 0, 1, 0, 1, 2, 3, 4, 2, 0 }, 2)]       // Truncated header after one attribute.
    [InlineData(new byte[] { 3, 0, 1, 0 }, 4)]                          // Length smaller than the header.
    [InlineData(new byte[] { 9, 0, 1, 0, 1, 2, 3, 4 }, 8)]              // Length beyond the data.
    public void Malformed_attributes_stop_iteration_and_count_as_leftover(byte[] data, int leftover)
    {
        var reader = new NlAttrReader(data);
        while (reader.MoveNext())
        {
        }

        Assert.Equal(leftover, reader.Leftover);
    }

    [Fact]
    public void Running_out_of_room_sets_overflowed_instead_of_throwing()
    {
        byte[] buffer = new byte[10];
        var w = new NlWriter(buffer);
        w.PutU32(1, 1);
        w.PutU32(2, 2);
        Assert.True(w.Overflowed);
        Assert.Equal(8, w.Length);
    }

    [Fact]
    public void Find_returns_the_first_attribute_of_a_type()
    {
        byte[] buffer = new byte[64];
        var w = new NlWriter(buffer);
        w.PutU32(3, 30);
        w.PutU32(4, 40);
        w.PutU32(4, 41);
        Assert.True(NlAttrReader.TryFind(w.Written, 4, out NlAttr a));
        Assert.Equal(40u, a.U32);
        Assert.False(NlAttrReader.TryFind(w.Written, 5, out _));
    }

    [Fact]
    public void Reading_and_writing_do_not_allocate()
    {
        byte[] buffer = new byte[256];
        Walk(buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        uint sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            sum += Walk(buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0u, sum);
    }

    private static uint Walk(byte[] buffer)
    {
        var w = new NlWriter(buffer);
        int start = w.BeginNested(1);
        w.PutU32(2, 5);
        w.PutBe64(3, 6);
        w.EndNested(start);
        uint sum = 0;
        foreach (NlAttr a in new NlAttrReader(w.Written))
        {
            foreach (NlAttr inner in a.Nested)
            {
                sum += inner.Type;
            }
        }

        return sum;
    }
}
