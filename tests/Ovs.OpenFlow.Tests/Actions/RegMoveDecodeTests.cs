// NXAST_REG_MOVE's field headers follow its fixed part and may be 8-byte experimenter headers (Debian's ovs-ofctl
// parse-actions reads the first case below as "move:ONFOXM_ET_ACTSET_OUTPUT[]->OXM_OF_PKT_REG0[0..31]").
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Tests.Actions;

public sealed class RegMoveDecodeTests
{
    [Theory]
    [InlineData("ffff0020000023200006002000000000ffff56084f4e460080010008 00000000", "move:ONFOXM_ET_ACTSET_OUTPUT[]->OXM_OF_PKT_REG0[0..31]")]
    [InlineData("ffff00180000232000060010000000000001000400010204", "move:NXM_NX_REG0[0..15]->NXM_NX_REG1[0..15]")]
    public void HeadersOfEitherSizeAreRead(string hex, string text)
    {
        Assert.Equal(OfpError.None, OfpActions.DecodeActions(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), 4, out List<OfpAct> actions));
        Assert.Equal(text, OfpActions.Format(actions));
    }

    [Fact]
    public void BytesAfterTheHeadersMustBeZero()
    {
        byte[] move = Convert.FromHexString("ffff0020000023200006002000000000ffff56084f4e46008001000800000001");
        Assert.Equal(OfpError.NxbrcMustBeZero, OfpActions.DecodeActions(move, 4, out _));
    }
}
