// Upstream: none (stdout as C stdio hands it to write(2))
//
// A write-only stream over file descriptor 1 that calls write(2) itself. System.Console's stream does the same
// writes, but its first write also sets up the terminal and starts the runtime's signal-handling thread, which
// costs a short-lived command about a tenth of a millisecond for nothing. Like C stdio's buffered output, which
// the db-ctl programs never check, a failed write (a reader that went away: EPIPE) drops the output quietly.
using System.Runtime.InteropServices;

namespace Ovs.Cli.DbCtl;

internal sealed partial class StandardOutputStream : Stream
{
    private const int EINTR = 4;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint n = WriteFd(1, buffer, buffer.Length);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() == EINTR)
                {
                    continue;
                }

                return;
            }

            buffer = buffer[(int)n..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFd(int fd, ReadOnlySpan<byte> buffer, nint count);
}
