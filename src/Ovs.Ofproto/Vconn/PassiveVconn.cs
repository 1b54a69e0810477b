// Upstream: lib/vconn.c and lib/vconn-stream.c, struct pvconn, pvconn_open() and pvconn_accept() (OVS 3.1)
//
// A listener for OpenFlow connections: "punix:PATH", "ptcp:[PORT][:IP]" (default port 6653) or "pssl:[PORT][:IP]".
// Each accepted connection is a Vconn that has not yet exchanged hellos; it announces the listener's allowed
// versions. Thread-safety: AcceptAsync may be called from one task at a time; Dispose from any thread.
using Ovs.Common.Logging;
using Ovs.Transport.Streams;

namespace Ovs.Ofproto.Vconn;

internal sealed class PassiveVconn : IDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("vconn_stream");
    private static readonly VlogRateLimit s_rl = new(10, 25);

    private readonly OvsListener _listener;

    private PassiveVconn(OvsListener listener, uint allowedVersions)
    {
        _listener = listener;
        AllowedVersions = allowedVersions == 0 ? Vconn.DefaultVersions : allowedVersions;
    }

    /// <summary>The name it was opened with ("punix:/run/openvswitch/br0.mgmt").</summary>
    public string Name => _listener.Name;

    /// <summary>The TCP port actually bound (useful with "ptcp:0"), or 0 for Unix sockets.</summary>
    public int BoundPort => _listener.BoundPort;

    public uint AllowedVersions { get; }

    /// <summary>Starts listening. Unknown methods fail with EAFNOSUPPORT, others with the bind errno.</summary>
    public static (PassiveVconn? Listener, int Error) Listen(string name, uint allowedVersions)
    {
        StreamResult<OvsListener> result = StreamFactory.Listen(name, StreamFactory.OpenFlowPort);
        return result.Value is { } listener ? (new PassiveVconn(listener, allowedVersions), 0) : (null, result.Error);
    }

    /// <summary>Waits for the next connection; fails with an errno once disposed.</summary>
    public async ValueTask<(Vconn? Vconn, int Error)> AcceptAsync(CancellationToken cancellationToken)
    {
        StreamResult<OvsStream> result = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        if (result.Value is { } stream)
        {
            return (new Vconn(stream, AllowedVersions), 0);
        }

        s_log.Dbg(s_rl, $"{Name}: accept: {Ovs.Common.OvsErrno.StrError(result.Error)}");
        return (null, result.Error);
    }

    public void Dispose() => _listener.Dispose();
}
