using System.Runtime.InteropServices;
using Ovs.Netdev.Native;

namespace Ovs.Netdev.Tests.Linux;

// The kernel structures as LP64 Linux lays them out; a wrong size or offset corrupts every batch silently.
public sealed unsafe class LinuxNativeLayoutTests
{
    [Fact]
    public void StructSizesMatchTheKernel()
    {
        Assert.Equal(40, sizeof(LinuxNative.IfReq));
        Assert.Equal(20, sizeof(LinuxNative.SockaddrLl));
        Assert.Equal(16, sizeof(LinuxNative.TpacketReq));
        Assert.Equal(12, sizeof(LinuxNative.TpacketStatsV3));
        Assert.Equal(16, sizeof(LinuxNative.IoVec));
        Assert.Equal(64, sizeof(LinuxNative.MMsgHdr));
        Assert.Equal(8, sizeof(LinuxNative.PollFd));
        Assert.Equal(10, sizeof(LinuxNative.VirtioNetHdr));
    }

    [Fact]
    public void MessageHeaderOffsetsMatchTheKernel()
    {
        Assert.Equal(16, (int)Marshal.OffsetOf<LinuxNative.MMsgHdr>(nameof(LinuxNative.MMsgHdr.Iov)));
        Assert.Equal(32, (int)Marshal.OffsetOf<LinuxNative.MMsgHdr>(nameof(LinuxNative.MMsgHdr.Control)));
        Assert.Equal(48, (int)Marshal.OffsetOf<LinuxNative.MMsgHdr>(nameof(LinuxNative.MMsgHdr.Flags)));
        Assert.Equal(56, (int)Marshal.OffsetOf<LinuxNative.MMsgHdr>(nameof(LinuxNative.MMsgHdr.Length)));
        Assert.Equal(4, (int)Marshal.OffsetOf<LinuxNative.SockaddrLl>(nameof(LinuxNative.SockaddrLl.IfIndex)));
    }
}
