using Ovs.Cli.Tables;

namespace Ovs.Cli.Tests.Tables;

public sealed class HmapOrderTests
{
    // Debian's "ovsdb-client list-columns" for tests/testdata/cli/test.ovsschema, given the column order its
    // ovsdb-server 3.1.0 sent in the get_schema reply.
    [Theory]
    [InlineData("nums,name,count,ratio,tags,flag,ref,maybe,opts", "_version,name,nums,count,ratio,tags,flag,ref,_uuid,maybe,opts")]
    [InlineData("id,label", "_version,id,_uuid,label")]
    [InlineData("x", "_version,x,_uuid")]
    public void Replays_upstream_column_order(string sent, string expected)
    {
        List<string> order = HmapOrder.Iterate(["_uuid", "_version", .. HmapOrder.Iterate(sent.Split(','))]);
        Assert.Equal(expected, string.Join(',', order));
    }
}
