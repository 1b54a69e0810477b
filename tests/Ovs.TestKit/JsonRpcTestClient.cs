// A deliberately simple JSON-RPC client for tests: a blocking unix-socket connection that can send any bytes
// (including garbage) and read back whole JSON values, with a deadline on every read.
using System.Net.Sockets;
using System.Text;
using Ovs.Json;

namespace Ovs.TestKit;

public sealed class JsonRpcTestClient : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _nextId;

    public JsonRpcTestClient(string unixPath)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(unixPath));
    }

    public void SendRaw(ReadOnlySpan<byte> bytes) => _socket.Send(bytes);

    public void SendRaw(string text) => SendRaw(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends a request and returns the reply with the same id, skipping notifications in between.</summary>
    public JsonObject Call(string method, JsonValue parameters, TimeSpan? timeout = null)
    {
        int id = _nextId++;
        var request = new JsonObject { { "method", method }, { "params", parameters }, { "id", (long)id } };
        SendRaw(request.ToString());
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            JsonValue? message = Receive(deadline - DateTime.UtcNow)
                ?? throw new IOException($"connection closed while waiting for the reply to {method}");
            if (message is JsonObject o && o["id"] is JsonInteger i && i.Value == id)
            {
                return o;
            }
        }
    }

    /// <summary>Reads the next JSON value; null when the peer closed the connection. Throws on timeout.</summary>
    public JsonValue? Receive(TimeSpan timeout)
    {
        var parser = new JsonStreamParser();
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_start < _end)
            {
                _start += parser.Feed(_buffer.AsSpan(_start, _end - _start));
                if (parser.IsDone)
                {
                    return parser.Finish(out string? error) ?? throw new InvalidDataException(error);
                }
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_socket.Poll(left, SelectMode.SelectRead))
            {
                throw new TimeoutException("no message from the server in time");
            }

            int n;
            try
            {
                n = _socket.Receive(_buffer);
            }
            catch (SocketException)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            _start = 0;
            _end = n;
        }
    }

    /// <summary>True if the server closes the connection within <paramref name="timeout"/>, ignoring any messages.</summary>
    public bool WaitForClose(TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                if (Receive(deadline - DateTime.UtcNow) is null)
                {
                    return true;
                }
            }
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (InvalidDataException)
        {
            return false;
        }

        return false;
    }

    public void Dispose() => _socket.Dispose();
}
