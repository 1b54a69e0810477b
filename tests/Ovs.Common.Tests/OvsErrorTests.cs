namespace Ovs.Common.Tests;

public sealed class OvsErrorTests
{
    [Fact]
    public void FormatsLikeOvsError()
    {
        string p = OvsProgram.Name;
        Assert.Equal($"{p}: unix:x.sock: database connection failed (No such file or directory)", OvsError.Format(2, "unix:x.sock: database connection failed"));
        Assert.Equal($"{p}: plain", OvsError.Format(0, "plain"));
        Assert.Equal($"{p}: reading x (End of file)", OvsError.Format(OvsErrno.EOF, "reading x"));
    }
}
