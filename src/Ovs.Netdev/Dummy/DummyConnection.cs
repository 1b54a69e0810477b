// Upstream: struct dummy_packet_conn (options:pstream and options:stream) in lib/netdev-dummy.c (OVS 3.1)
//
// Lets two dummy devices, possibly in different processes, exchange frames over a stream socket. Each frame
// travels as a 2-byte big-endian length followed by the frame. A passive side (pstream=punix:PATH or
// ptcp:PORT[:IP]) accepts any number of peers and sends every transmitted frame to all of them; an active side
// (stream=unix:PATH or tcp:IP:PORT) keeps one connection and reconnects with a backoff starting at 100 ms.
// Received frames enter the device's receive queue 0. A length below 14 is a protocol error that drops the
// connection. Only the active side reports a connection state (netdev-dummy/conn-state), as upstream.
//
// Thread-safety: every member runs under the owning DummyNetdev's lock; Run is called from the control loop.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Netdev.Dummy;

internal enum DummyConnState
{
    Unknown,
    Connected,
    NotConnected,
}

internal sealed class DummyConnection(DummyNetdev owner)
{
    private const int MaxTxQueue = DummyNetdev.MaxQueueLength;
    private static readonly VlogModule s_log = VlogModule.Get("netdev_dummy");

    private readonly List<PacketStream> _streams = [];
    private Socket? _listener;
    private string? _passiveName;
    private string? _activeName;
    private long _nextConnectTicks;
    private int _backoffMilliseconds = 100;

    public DummyConnState State =>
        _activeName is null ? DummyConnState.Unknown
        : _streams.Count > 0 && _streams[0].Connected ? DummyConnState.Connected
        : DummyConnState.NotConnected;

    public void SetConfig(IReadOnlyDictionary<string, string> options)
    {
        options.TryGetValue("pstream", out string? pstream);
        options.TryGetValue("stream", out string? stream);
        if (pstream is not null && stream is not null)
        {
            s_log.Log(VlogLevel.Warn, $"Open failed: both {pstream} and {stream} are configured");
            return;
        }

        if ((_passiveName is not null && pstream == _passiveName) || (_activeName is not null && stream == _activeName))
        {
            return;
        }

        Close();
        if (pstream is not null)
        {
            int error = Listen(pstream, out _listener);
            if (error != 0)
            {
                s_log.Log(VlogLevel.Warn, $"{pstream}: open failed ({OvsErrno.StrError(error)})");
            }
            else
            {
                _passiveName = pstream;
            }
        }

        if (stream is not null)
        {
            _activeName = stream;
            _backoffMilliseconds = 100;
            _nextConnectTicks = 0;
            TryConnect(Environment.TickCount64);
        }
    }

    public void GetConfig(IDictionary<string, string> config)
    {
        if (_passiveName is not null)
        {
            config["pstream"] = _passiveName;
        }
        else if (_activeName is not null)
        {
            config["stream"] = _activeName;
        }
    }

    /// <summary>Accepts, connects, sends queued bytes and reads frames; received frames go to queue 0.</summary>
    public void Run(long nowMilliseconds)
    {
        if (_listener is not null)
        {
            while (_listener.Poll(0, SelectMode.SelectRead))
            {
                Socket accepted;
                try
                {
                    accepted = _listener.Accept();
                }
                catch (SocketException ex)
                {
                    s_log.Log(VlogLevel.Warn, $"{_passiveName}: accept failed ({OvsErrno.StrError(ToErrno(ex))})");
                    break;
                }

                accepted.Blocking = false;
                _streams.Add(new PacketStream(accepted));
            }
        }
        else if (_activeName is not null && _streams.Count == 0)
        {
            TryConnect(nowMilliseconds);
        }

        for (int i = _streams.Count - 1; i >= 0; i--)
        {
            int error = _streams[i].Run(owner);
            if (error != 0)
            {
                _streams[i].Dispose();
                _streams.RemoveAt(i);
                if (_activeName is not null)
                {
                    _nextConnectTicks = nowMilliseconds + _backoffMilliseconds;
                }
            }
        }
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        foreach (PacketStream s in _streams)
        {
            s.Enqueue(frame);
        }
    }

    public void Close()
    {
        foreach (PacketStream s in _streams)
        {
            s.Dispose();
        }

        _streams.Clear();
        _listener?.Dispose();
        _listener = null;
        _passiveName = null;
        _activeName = null;
    }

    private void TryConnect(long nowMilliseconds)
    {
        if (_activeName is null || nowMilliseconds < _nextConnectTicks)
        {
            return;
        }

        int error = Connect(_activeName, out Socket? socket);
        if (error == 0 && socket is not null)
        {
            _streams.Add(new PacketStream(socket));
            _backoffMilliseconds = 100;
        }
        else
        {
            _nextConnectTicks = nowMilliseconds + _backoffMilliseconds;
            _backoffMilliseconds = (int)Math.Min(_backoffMilliseconds * 2L, 8000);
        }
    }

    private static int Listen(string name, out Socket? listener)
    {
        listener = null;
        try
        {
            if (name.StartsWith("punix:", StringComparison.Ordinal))
            {
                string path = name[6..];
                File.Delete(path);
                listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                listener.Bind(new UnixDomainSocketEndPoint(path));
            }
            else if (name.StartsWith("ptcp:", StringComparison.Ordinal))
            {
                string[] parts = name[5..].Split(':', 2);
                IPAddress ip = parts.Length > 1 ? IPAddress.Parse(parts[1]) : IPAddress.Any;
                listener = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(ip, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                return OvsErrno.EAFNOSUPPORT;
            }

            listener.Listen(10);
            listener.Blocking = false;
            return 0;
        }
        catch (SocketException ex)
        {
            listener?.Dispose();
            listener = null;
            return ToErrno(ex);
        }
        catch (FormatException)
        {
            listener?.Dispose();
            listener = null;
            return OvsErrno.EINVAL;
        }
    }

    private static int Connect(string name, out Socket? socket)
    {
        socket = null;
        try
        {
            if (name.StartsWith("unix:", StringComparison.Ordinal))
            {
                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(name[5..]));
            }
            else if (name.StartsWith("tcp:", StringComparison.Ordinal))
            {
                string rest = name[4..];
                int colon = rest.LastIndexOf(':');
                if (colon < 0)
                {
                    return OvsErrno.EINVAL;
                }

                IPAddress ip = IPAddress.Parse(rest[..colon].Trim('[', ']'));
                socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(new IPEndPoint(ip, int.Parse(rest[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                return OvsErrno.EAFNOSUPPORT;
            }

            socket.Blocking = false;
            return 0;
        }
        catch (SocketException ex)
        {
            socket?.Dispose();
            socket = null;
            return ToErrno(ex);
        }
        catch (FormatException)
        {
            socket?.Dispose();
            socket = null;
            return OvsErrno.EINVAL;
        }
    }

    private static int ToErrno(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => OvsErrno.ECONNREFUSED,
        SocketError.AddressAlreadyInUse => OvsErrno.EADDRINUSE,
        SocketError.AccessDenied => OvsErrno.EACCES,
        SocketError.AddressNotAvailable => OvsErrno.EADDRNOTAVAIL,
        _ => ex.NativeErrorCode > 0 && ex.NativeErrorCode < 200 ? ex.NativeErrorCode : OvsErrno.EIO,
    };

    // One connected peer: a queue of framed bytes to send and a reassembly buffer for what arrives.
    private sealed class PacketStream(Socket socket) : IDisposable
    {
        private readonly Queue<byte[]> _tx = new();
        private readonly byte[] _rx = new byte[2 + 65535];
        private int _txSent;
        private int _rxFill;

        public bool Connected { get; private set; } = true;

        public void Enqueue(ReadOnlySpan<byte> frame)
        {
            if (_tx.Count >= MaxTxQueue)
            {
                return;
            }

            byte[] framed = new byte[2 + frame.Length];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)frame.Length);
            frame.CopyTo(framed.AsSpan(2));
            _tx.Enqueue(framed);
        }

        public int Run(DummyNetdev owner)
        {
            try
            {
                while (_tx.Count > 0)
                {
                    byte[] head = _tx.Peek();
                    int n = socket.Send(head, _txSent, head.Length - _txSent, SocketFlags.None, out SocketError status);
                    if (status == SocketError.WouldBlock)
                    {
                        break;
                    }

                    if (status != SocketError.Success)
                    {
                        return Fail(OvsErrno.EPIPE);
                    }

                    _txSent += n;
                    if (_txSent == head.Length)
                    {
                        _tx.Dequeue();
                        _txSent = 0;
                    }
                }

                while (true)
                {
                    int want;
                    if (_rxFill < 2)
                    {
                        want = 2 - _rxFill;
                    }
                    else
                    {
                        int frameSize = BinaryPrimitives.ReadUInt16BigEndian(_rx);
                        if (frameSize < 14)
                        {
                            return Fail(OvsErrno.EPROTO);
                        }

                        want = 2 + frameSize - _rxFill;
                    }

                    int got = socket.Receive(_rx, _rxFill, want, SocketFlags.None, out SocketError status);
                    if (status == SocketError.WouldBlock)
                    {
                        return 0;
                    }

                    if (status != SocketError.Success || got == 0)
                    {
                        return Fail(status != SocketError.Success ? OvsErrno.ECONNRESET : _rxFill > 0 ? OvsErrno.EPROTO : OvsErrno.EOF);
                    }

                    _rxFill += got;
                    if (_rxFill > 2 && _rxFill == 2 + BinaryPrimitives.ReadUInt16BigEndian(_rx))
                    {
                        owner.InjectLocked(_rx.AsSpan(2, _rxFill - 2), 0);
                        _rxFill = 0;
                    }
                }
            }
            catch (ObjectDisposedException)
            {
                return Fail(OvsErrno.EBADF);
            }
        }

        private int Fail(int error)
        {
            Connected = false;
            return error;
        }

        public void Dispose() => socket.Dispose();
    }
}
