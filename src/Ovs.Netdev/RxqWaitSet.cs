// Upstream: poll_block() in lib/poll-loop.c as a datapath thread's idle wait uses it (OVS 3.1)
//
// Lets one thread sleep until any of several receive queues has a packet. Queues with a descriptor
// (IPollableRxq) are waited on together with one poll(2) call, so a packet on any of them ends the wait at once;
// queues without one (dummy and patch ports) can only be looked at again when the timeout passes. The descriptor
// array is rebuilt only when the owner passes a different list, so waiting allocates nothing.
// Owned by one thread; the caller keeps the queues open while it waits.
using System.Runtime.InteropServices;
using Ovs.Netdev.Native;

namespace Ovs.Netdev;

internal sealed unsafe class RxqWaitSet : IDisposable
{
    private object? _key;
    private IPollableRxq[] _pollable = [];
    private LinuxNative.PollFd* _fds;
    private int _capacity;

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> for a packet on the queue of any of <paramref name="polls"/>
    /// (<paramref name="rxqOf"/> gives it). While the same array is passed, its queues are taken to be unchanged.
    /// </summary>
    public void Wait<T>(T[] polls, Func<T, INetdevRxq> rxqOf, int timeoutMilliseconds)
    {
        if (!ReferenceEquals(polls, _key))
        {
            Rebuild(polls, rxqOf);
            _key = polls;
        }

        if (_pollable.Length == 0)
        {
            Thread.Sleep(timeoutMilliseconds);
            return;
        }

        for (int i = 0; i < _pollable.Length; i++)
        {
            if (_pollable[i].IsReady)
            {
                return;
            }

            _fds[i] = new LinuxNative.PollFd { Fd = _pollable[i].PollFd, Events = LinuxNative.PollIn };
        }

        LinuxNative.Poll(_fds, (nuint)_pollable.Length, timeoutMilliseconds);
    }

    private void Rebuild<T>(T[] polls, Func<T, INetdevRxq> rxqOf)
    {
        var pollable = new List<IPollableRxq>(polls.Length);
        foreach (T poll in polls)
        {
            if (rxqOf(poll) is IPollableRxq p)
            {
                pollable.Add(p);
            }
        }

        if (pollable.Count > _capacity)
        {
            NativeMemory.Free(_fds);
            _fds = (LinuxNative.PollFd*)NativeMemory.AllocZeroed((nuint)(pollable.Count * sizeof(LinuxNative.PollFd)));
            _capacity = pollable.Count;
        }

        _pollable = [.. pollable];
    }

    public void Dispose()
    {
        NativeMemory.Free(_fds);
        _fds = null;
        _capacity = 0;
        _pollable = [];
        _key = null;
    }
}
