// Upstream: lib/stream-ssl.c, the server side of struct ssl_stream (OVS 3.1)
//
// An accepted pssl: connection. The server handshake starts when the connection is accepted and runs in the
// background, so a slow or silent client never holds up the accept loop; the first read or write waits for it.
// A failed handshake makes every read and write fail with an IOException whose HResult is the errno (EPROTO),
// which the transport's exception mapping reports as "Protocol error", as upstream does.
using System.Net.Security;

namespace Ovs.Transport.Streams;

internal sealed class SslAcceptedStream : Stream
{
    private readonly SslStream _ssl;
    private readonly Task<int> _handshake;

    public SslAcceptedStream(SslStream ssl, SslContext context, CancellationToken cancellationToken)
    {
        _ssl = ssl;
        _handshake = SslHandshake.RunAsync(ssl, context, server: true, null, cancellationToken);
    }

    /// <summary>The certificate the client presented, once the handshake has succeeded; otherwise null.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate? PeerCertificate =>
        _handshake.IsCompletedSuccessfully && _handshake.Result == 0 ? _ssl.RemoteCertificate : null;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await HandshakeAsync().ConfigureAwait(false);
        return await _ssl.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await HandshakeAsync().ConfigureAwait(false);
        await _ssl.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await HandshakeAsync().ConfigureAwait(false);
        await _ssl.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Synchronous I/O would block a thread on the handshake; every caller in this code base is asynchronous.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await _ssl.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ssl.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask HandshakeAsync()
    {
        int error = await _handshake.ConfigureAwait(false);
        if (error != 0)
        {
            throw new IOException("TLS handshake failed", error);
        }
    }
}
