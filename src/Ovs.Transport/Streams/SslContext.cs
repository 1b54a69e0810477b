// Upstream: lib/stream-ssl.c, the SSL_CTX that ssl_init() and the stream_ssl_set_*() functions fill (OVS 3.1)
//
// An immutable snapshot of the loaded PKI: our certificate with its private key (plus the --peer-ca-cert chain to
// send after it), the trusted CA certificates, and the enabled protocols. SslConfiguration builds one when a
// connection needs it and rebuilds it when a setting or a file's modification time changes. The snapshot makes
// the .NET handshake options for either side; peer verification (SslContext.Verify.cs) accepts a certificate
// whose chain ends at one of the CA certificates. Like upstream, host names are never checked.
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ovs.Common.Logging;

namespace Ovs.Transport.Streams;

internal sealed class SslContext
{
    private static readonly VlogModule s_log = VlogModule.Get("stream_ssl");

    private readonly Sources _sources;
    private readonly DateTime[] _stamps;
    private readonly SslStreamCertificateContext _certificate;
    private readonly X509Certificate2Collection? _trusted;
    private readonly CipherSuitesPolicy? _ciphers;

    private SslContext(Sources sources, DateTime[] stamps, SslStreamCertificateContext certificate, X509Certificate2Collection? trusted)
    {
        _sources = sources;
        _stamps = stamps;
        _certificate = certificate;
        _trusted = trusted;

        // The default list leaves the choice to the system's OpenSSL policy, which already excludes what it names.
        if (sources.Ciphers != SslConfiguration.DefaultCiphers && !OperatingSystem.IsWindows() && SslCipherList.Parse(sources.Ciphers) is { } suites)
        {
            _ciphers = new CipherSuitesPolicy(suites);
        }
    }

    /// <summary>The settings a context is loaded from.</summary>
    internal sealed record Sources(
        string PrivateKeyFile, string CertificateFile, string CaCertFile, bool Bootstrap, string? PeerCaCertFile, SslProtocols Protocols, string Ciphers);

    /// <summary>True when peers are not verified at all (--ca-cert=none).</summary>
    internal bool VerificationDisabled => _sources.CaCertFile == "none";

    /// <summary>True while bootstrapping: --bootstrap-ca-cert named a file that does not exist yet.</summary>
    internal bool Bootstrapping => _trusted is null && !VerificationDisabled;

    /// <summary>The trusted CA certificates, or null when verification is disabled or bootstrapping.</summary>
    internal X509Certificate2Collection? Trusted => _trusted;

    /// <summary>The --ca-cert or --bootstrap-ca-cert file.</summary>
    internal string CaCertFile => _sources.CaCertFile;

    /// <summary>True if this context was loaded from <paramref name="sources"/> and no file changed since.</summary>
    public bool IsCurrent(Sources sources) => sources == _sources && Stamps(sources).SequenceEqual(_stamps);

    /// <summary>Loads the files, or logs why they are unusable and returns null.</summary>
    public static SslContext? Load(Sources sources)
    {
        DateTime[] stamps = Stamps(sources);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(sources.CertificateFile, sources.PrivateKeyFile);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            s_log.Err($"SSL_use_certificate_file: {ex.Message}");
            return null;
        }

        X509Certificate2Collection extra = [];
        if (sources.PeerCaCertFile is { } peerCa && !TryImport(peerCa, extra))
        {
            return null;
        }

        X509Certificate2Collection? trusted = null;
        if (sources.CaCertFile != "none")
        {
            if (File.Exists(sources.CaCertFile) || !sources.Bootstrap)
            {
                trusted = [];
                if (!TryImport(sources.CaCertFile, trusted))
                {
                    return null;
                }
            }
        }

        var context = SslStreamCertificateContext.Create(certificate, extra, offline: true);
        return new SslContext(sources, stamps, context, trusted);
    }

    /// <summary>Options for our side of a server handshake, with a verifier for the connection.</summary>
    public SslServerAuthenticationOptions ServerOptions(SslPeerVerifier verifier) => new()
    {
        ServerCertificateContext = _certificate,
        ClientCertificateRequired = true,
        EnabledSslProtocols = _sources.Protocols,
        CipherSuitesPolicy = _ciphers,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = verifier.Validate,
    };

    /// <summary>Options for our side of a client handshake, with a verifier for the connection.</summary>
    /// <param name="serverName">The host name to indicate (SNI), or null for an IP address: none is sent.</param>
    public SslClientAuthenticationOptions ClientOptions(SslPeerVerifier verifier, string? serverName) => new()
    {
        TargetHost = serverName ?? string.Empty,
        ClientCertificateContext = _certificate,
        EnabledSslProtocols = _sources.Protocols,
        CipherSuitesPolicy = _ciphers,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = verifier.Validate,
    };

    /// <summary>A verifier for one connection, which remembers whether it bootstrapped the CA certificate.</summary>
    public SslPeerVerifier NewVerifier() => new(this);

    private static bool TryImport(string file, X509Certificate2Collection into)
    {
        try
        {
            into.ImportFromPemFile(file);
            if (into.Count > 0)
            {
                return true;
            }

            s_log.Err($"failed to load client certificates from {file}: no certificates found");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            string reason = ex is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : ex.Message;
            s_log.Err($"failed to load client certificates from {file}: {reason}");
        }

        return false;
    }

    private static DateTime[] Stamps(Sources sources) =>
    [
        Stamp(sources.PrivateKeyFile),
        Stamp(sources.CertificateFile),
        Stamp(sources.CaCertFile),
        sources.PeerCaCertFile is null ? DateTime.MinValue : Stamp(sources.PeerCaCertFile),
    ];

    private static DateTime Stamp(string file) => File.Exists(file) ? File.GetLastWriteTimeUtc(file) : DateTime.MinValue;
}
