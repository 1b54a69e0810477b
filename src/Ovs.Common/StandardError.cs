// Upstream: none (stderr as upstream's fputs(stderr) sees it)
//
// Writes straight to file descriptor 2. System.Console duplicates the descriptor the first time it is used, so
// text written through Console.Error keeps going to the original terminal or pipe even after a detached daemon
// has pointed descriptor 2 at /dev/null, and the duplicate keeps the parent's pipe open. Writing to descriptor 2
// itself behaves like upstream's stderr. Each call is one write(2) where possible, so lines from concurrent
// writers do not interleave.
using System.Buffers;
using System.Text;
using Ovs.Common.Hosting;

namespace Ovs.Common;

internal static class StandardError
{
    public static unsafe void Write(string text)
    {
        int size = Encoding.UTF8.GetByteCount(text);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            Encoding.UTF8.GetBytes(text, buffer);
            fixed (byte* p = buffer)
            {
                int done = 0;
                while (done < size)
                {
                    nint n = Libc.Write(2, p + done, size - done);
                    if (n < 0 && Libc.Errno == OvsErrno.EINTR)
                    {
                        continue;
                    }

                    if (n <= 0)
                    {
                        return;
                    }

                    done += (int)n;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
