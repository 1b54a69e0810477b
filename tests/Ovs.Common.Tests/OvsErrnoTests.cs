using System.Net.Sockets;

namespace Ovs.Common.Tests;

public sealed class OvsErrnoTests
{
    // Texts from glibc's strerror() on the reference system.
    [Theory]
    [InlineData(2, "No such file or directory")]
    [InlineData(13, "Permission denied")]
    [InlineData(17, "File exists")]
    [InlineData(22, "Invalid argument")]
    [InlineData(32, "Broken pipe")]
    [InlineData(104, "Connection reset by peer")]
    [InlineData(110, "Connection timed out")]
    [InlineData(111, "Connection refused")]
    [InlineData(97, "Address family not supported by protocol")]
    [InlineData(0, "Success")]
    [InlineData(-1, "End of file")]
    [InlineData(4000, "Unknown error 4000")]
    public void StrErrorMatchesGlibc(int errno, string expected) => Assert.Equal(expected, OvsErrno.StrError(errno));

    [Theory]
    [InlineData(SocketError.ConnectionRefused, 111)]
    [InlineData(SocketError.ConnectionReset, 104)]
    [InlineData(SocketError.TimedOut, 110)]
    [InlineData(SocketError.AddressAlreadyInUse, 98)]
    [InlineData(SocketError.AccessDenied, 13)]
    public void SocketErrorsMapToErrno(SocketError error, int errno) => Assert.Equal(errno, OvsErrno.FromSocketError(error));

    [Fact]
    public void RealFileSystemExceptionsMapToErrno()
    {
        string dir = Directory.CreateTempSubdirectory("errnotest").FullName;
        try
        {
            string file = Path.Combine(dir, "f");
            File.WriteAllText(file, "x");
            Exception exists = Assert.ThrowsAny<IOException>(() => new FileStream(file, FileMode.CreateNew).Dispose());
            Assert.Equal(OvsErrno.EEXIST, OvsErrno.FromException(exists));
            Exception missing = Assert.ThrowsAny<IOException>(() => File.ReadAllText(Path.Combine(dir, "nope")));
            Assert.Equal(OvsErrno.ENOENT, OvsErrno.FromException(missing));
            Exception notDir = Assert.ThrowsAny<IOException>(() => File.ReadAllText(Path.Combine(file, "sub")));
            Assert.Contains(OvsErrno.FromException(notDir), new[] { OvsErrno.ENOTDIR, OvsErrno.ENOENT });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void UnixSocketConnectErrorsMapLikeConnect2()
    {
        string dir = Directory.CreateTempSubdirectory("errnosock").FullName;
        try
        {
            string path = Path.Combine(dir, "s.sock");
            using (var missing = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                SocketException ex = Assert.Throws<SocketException>(() => missing.Connect(new UnixDomainSocketEndPoint(path)));
                Assert.Equal(OvsErrno.ENOENT, OvsErrno.FromUnixSocketException(ex));
            }

            using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            bound.Bind(new UnixDomainSocketEndPoint(path));
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            SocketException refused = Assert.Throws<SocketException>(() => client.Connect(new UnixDomainSocketEndPoint(path)));
            Assert.Equal(OvsErrno.ECONNREFUSED, OvsErrno.FromUnixSocketException(refused));
            Assert.Equal("Connection refused", OvsErrno.StrError(OvsErrno.FromException(refused)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
