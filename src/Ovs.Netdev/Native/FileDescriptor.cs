// Upstream: none (ownership of a raw Linux descriptor for a .NET object)
//
// A descriptor that is closed exactly once, when its owner is disposed or finalized, so a device that is dropped
// without Dispose does not leak its socket or tap file.
using System.Runtime.InteropServices;

namespace Ovs.Netdev.Native;

internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    public override bool IsInvalid => handle < 0;

    protected override bool ReleaseHandle() => LinuxNative.Close((int)handle) == 0;
}
