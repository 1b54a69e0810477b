// Upstream: the vconn_run()/vconn_recv()/vconn_send() cycle that lib/rconn.c drives from a main loop (OVS 3.1)
//
// The asynchronous face of a Vconn for a daemon's main loop (the switch's connection manager). Two background tasks
// own the socket: the receive loop runs the hello exchange, then posts every message it reads to the owner's event
// channel; the send loop drains a bounded queue. The owner never blocks: it reads VconnEvents from its channel (one
// channel may serve many sessions) and queues messages with TrySend, which refuses when the queue is full (the owner
// decides what a refusal means, as rconn counts a dropped packet-in) or the session has ended.
//
// Events for one session arrive in order: Connected (once the version is known), then Message events, then exactly
// one Disconnected carrying the errno (EOF for a clean close by the peer), after which the session sends nothing more.
//
// Thread-safety: TrySend, QueuedCount and DisposeAsync may be called from any thread; the Vconn must not be used
// directly while a session runs it.
using System.Threading.Channels;
using Ovs.Common;

namespace Ovs.Ofproto.Vconn;

internal enum VconnEventKind
{
    Connected,
    Message,
    Disconnected,
}

/// <summary>What a session reports to its owner; <see cref="Message"/> for Message events, <see cref="Error"/> for Disconnected.</summary>
internal sealed record VconnEvent(VconnSession Session, VconnEventKind Kind, byte[]? Message = null, int Error = 0);

internal sealed class VconnSession : IAsyncDisposable
{
    private readonly ChannelWriter<VconnEvent> _events;
    private readonly Channel<byte[]> _sendQueue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private readonly Task _sendLoop;
    private int _queued;
    private int _disconnected;

    private VconnSession(Vconn vconn, ChannelWriter<VconnEvent> events, int sendQueueLimit)
    {
        Vconn = vconn;
        _events = events;
        _sendQueue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(sendQueueLimit)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _sendLoop = Task.Run(SendLoopAsync);
    }

    public Vconn Vconn { get; }

    /// <summary>
    /// Sees every message queued for sending, on the thread that queued it (rconn's monitors: ovs-ofctl snoop). It
    /// must be thread-safe.
    /// </summary>
    public Action<byte[]>? Tap { get; set; }

    /// <summary>Messages queued and not yet written.</summary>
    public int QueuedCount => Volatile.Read(ref _queued);

    /// <summary>Starts driving <paramref name="vconn"/>, posting its events to <paramref name="events"/>.</summary>
    public static VconnSession Start(Vconn vconn, ChannelWriter<VconnEvent> events, int sendQueueLimit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sendQueueLimit);
        return new VconnSession(vconn, events, sendQueueLimit);
    }

    /// <summary>Queues a whole message for sending; false if the queue is full or the session has ended.</summary>
    public bool TrySend(byte[] message)
    {
        if (!_sendQueue.Writer.TryWrite(message))
        {
            return false;
        }

        Interlocked.Increment(ref _queued);
        Tap?.Invoke(message);
        return true;
    }

    /// <summary>Stops both loops and closes the connection (without a Disconnected event if none came yet).</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disconnected, 1);
        _sendQueue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_receiveLoop, _sendLoop).ConfigureAwait(false);
        await Vconn.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            int error = await Vconn.ConnectAsync(_stop.Token).ConfigureAwait(false);
            if (error != 0)
            {
                Disconnect(error);
                return;
            }

            _events.TryWrite(new VconnEvent(this, VconnEventKind.Connected));
            while (true)
            {
                VconnMessage received = await Vconn.ReceiveAsync(_stop.Token).ConfigureAwait(false);
                if (!received.IsSuccess)
                {
                    Disconnect(received.Error);
                    return;
                }

                await _events.WriteAsync(new VconnEvent(this, VconnEventKind.Message, received.Message), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
            // The owner closed its event channel: it no longer wants this session.
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            // Nothing goes out before the hello exchange; SendAsync waits for it.
            await foreach (byte[] message in _sendQueue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                Interlocked.Decrement(ref _queued);
                int error = await Vconn.SendAsync(message, _stop.Token).ConfigureAwait(false);
                if (error != 0)
                {
                    Disconnect(error);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private void Disconnect(int error)
    {
        if (Interlocked.Exchange(ref _disconnected, 1) != 0)
        {
            return;
        }

        _sendQueue.Writer.TryComplete();
        _events.TryWrite(new VconnEvent(this, VconnEventKind.Disconnected, Error: error == 0 ? OvsErrno.EOF : error));
        _stop.Cancel();
    }
}
