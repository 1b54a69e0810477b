// Upstream: lib/stream-ssl.c, stream_ssl_set_*() and ssl_init() (OVS 3.1)
//
// The process-wide SSL/TLS settings shared by every ssl: and pssl: stream, as upstream's stream_ssl_set_*()
// functions are: the private key, the certificate, the CA certificate (or "none", or a bootstrap file), an extra
// CA chain to send to peers (--peer-ca-cert), and the protocol and cipher lists. Setters only record file names;
// the files are (re)loaded when a connection needs them and one of them changed, so ovsdb-server can follow a
// database column or a certificate rotation without restarting.
//
// Thread-safety: setters and CurrentContext may be called from any thread; one lock guards the settings and the
// cached SslContext, which is immutable once built.
using System.Security.Authentication;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Transport.Streams;

/// <summary>Process-wide PKI and TLS settings for the ssl: and pssl: connection methods.</summary>
public static class SslConfiguration
{
    internal const string DefaultProtocols = "TLSv1,TLSv1.1,TLSv1.2";
    internal const string DefaultCiphers = "HIGH:!aNULL:!MD5";

    private static readonly VlogModule s_log = VlogModule.Get("stream_ssl");
    private static readonly Lock s_lock = new();

    private static string? s_privateKeyFile;
    private static string? s_certificateFile;
    private static string? s_caCertFile;
    private static bool s_bootstrapCaCert;
    private static string? s_peerCaCertFile;
    private static SslProtocols s_protocols = ParseProtocols(DefaultProtocols) ?? SslProtocols.Tls12;
    private static string s_ciphers = DefaultCiphers;
    private static SslContext? s_context;

    /// <summary>Sets the PEM private key file (-p, --private-key); null unsets it.</summary>
    public static void SetPrivateKeyFile(string? file)
    {
        if (Update(ref s_privateKeyFile, file))
        {
            CheckReadable(file, "SSL_use_PrivateKey_file: ");
        }
    }

    /// <summary>Sets the PEM certificate file for the private key (-c, --certificate); null unsets it.</summary>
    public static void SetCertificateFile(string? file)
    {
        if (Update(ref s_certificateFile, file))
        {
            CheckReadable(file, "SSL_use_certificate_file: ");
        }
    }

    /// <summary>
    /// Sets the CA certificate file peers are verified against (-C, --ca-cert), or "none" to skip verification.
    /// With <paramref name="bootstrap"/> (--bootstrap-ca-cert) a missing file is created from the CA certificate
    /// the first peer presents.
    /// </summary>
    public static void SetCaCertFile(string? file, bool bootstrap)
    {
        lock (s_lock)
        {
            if (s_caCertFile != file || s_bootstrapCaCert != bootstrap)
            {
                s_caCertFile = file;
                s_bootstrapCaCert = bootstrap;
                s_context = null;
                if (file == "none")
                {
                    s_log.Warn("Peer certificate validation disabled (this is a security risk)");
                }
                else if (!bootstrap || File.Exists(file))
                {
                    CheckReadable(file, $"failed to load client certificates from {file}: ");
                }
            }
        }
    }

    /// <summary>Sets a PEM file of CA certificates sent to peers after our own (--peer-ca-cert); null unsets it.</summary>
    public static void SetPeerCaCertFile(string? file)
    {
        if (Update(ref s_peerCaCertFile, file) && file is not null && OpenError(file) is { } errno)
        {
            s_log.Err($"failed to open {file} for reading: {OvsErrno.StrError(errno)}");
        }
    }

    /// <summary>Sets the enabled protocols (--ssl-protocols), e.g. "TLSv1.2,TLSv1.1"; null restores the default.</summary>
    public static void SetProtocols(string? protocols)
    {
        SslProtocols? parsed = ParseProtocols(protocols ?? DefaultProtocols);
        if (parsed is null)
        {
            s_log.Err("SSL protocol settings invalid");
            return;
        }

        lock (s_lock)
        {
            s_protocols = parsed.Value;
            s_context = null;
        }
    }

    /// <summary>
    /// Sets the cipher list (--ssl-ciphers) in OpenSSL syntax; null restores the default. A list that selects no
    /// cipher is rejected with upstream's error and the previous list stays in force.
    /// </summary>
    public static void SetCiphers(string? ciphers)
    {
        ciphers ??= DefaultCiphers;
        lock (s_lock)
        {
            if (ciphers == s_ciphers)
            {
                return;
            }

            if (SslCipherList.Parse(ciphers) is null)
            {
                s_log.Err("SSL_CTX_set_cipher_list: no cipher match");
                return;
            }

            s_ciphers = ciphers;
            s_context = null;
        }
    }

    /// <summary>Clears every setting (tests).</summary>
    internal static void Reset()
    {
        lock (s_lock)
        {
            s_privateKeyFile = s_certificateFile = s_caCertFile = s_peerCaCertFile = null;
            s_bootstrapCaCert = false;
            s_protocols = ParseProtocols(DefaultProtocols) ?? SslProtocols.Tls12;
            s_ciphers = DefaultCiphers;
            s_context = null;
        }
    }

    /// <summary>
    /// The loaded settings for a new connection, or null after logging what is missing (upstream's ERR lines);
    /// the caller then fails with ENOPROTOOPT. Files that changed on disk since the last call are reloaded.
    /// </summary>
    internal static SslContext? CurrentContext()
    {
        lock (s_lock)
        {
            if (s_privateKeyFile is null || s_certificateFile is null || s_caCertFile is null)
            {
                LogMissing(s_privateKeyFile is null, s_certificateFile is null, s_caCertFile is null);
                return null;
            }

            var sources = new SslContext.Sources(s_privateKeyFile, s_certificateFile, s_caCertFile, s_bootstrapCaCert, s_peerCaCertFile, s_protocols, s_ciphers);
            if (s_context is null || !s_context.IsCurrent(sources))
            {
                s_context = SslContext.Load(sources);
            }

            return s_context;
        }
    }

    /// <summary>Forgets the loaded context so the next connection reloads the files (after a bootstrap).</summary>
    internal static void Invalidate()
    {
        lock (s_lock)
        {
            s_context = null;
        }
    }

    internal static SslProtocols? ParseProtocols(string list)
    {
        SslProtocols result = SslProtocols.None;
        foreach (string word in list.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are obsolete, but upstream lets users enable them.
            SslProtocols? protocol = word switch
            {
                "TLSv1" => SslProtocols.Tls,
                "TLSv1.1" => SslProtocols.Tls11,
                "TLSv1.2" => SslProtocols.Tls12,
                _ => null,
            };
#pragma warning restore SYSLIB0039
            if (protocol is null)
            {
                s_log.Warn($"{word}: SSL protocol not recognized");
                continue;
            }

            result |= protocol.Value;
        }

        return result == SslProtocols.None ? null : result;
    }

    /// <summary>Sets <paramref name="field"/>; true if that changed it.</summary>
    private static bool Update(ref string? field, string? value)
    {
        lock (s_lock)
        {
            if (field == value)
            {
                return false;
            }

            field = value;
            s_context = null;
            return true;
        }
    }

    /// <summary>
    /// Upstream loads a file as soon as it is configured and logs why it cannot. Files are loaded here only when a
    /// connection needs them, so at configuration time only a file that cannot be opened is reported, with the
    /// text of OpenSSL's error for a failed system call ("error:8000000N:system library::REASON", N the errno).
    /// </summary>
    private static void CheckReadable(string? file, string prefix)
    {
        if (file is not null && OpenError(file) is { } errno)
        {
            s_log.Err(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{prefix}error:{0x80000000u | (uint)errno:X8}:system library::{OvsErrno.StrError(errno)}"));
        }
    }

    /// <summary>The errno of opening <paramref name="file"/> for reading, or null if it can be opened.</summary>
    private static int? OpenError(string file)
    {
        try
        {
            using FileStream stream = File.OpenRead(file);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OvsErrno.FromException(ex);
        }
    }

    private static void LogMissing(bool key, bool certificate, bool caCert)
    {
        if (key)
        {
            s_log.Err("Private key must be configured to use SSL");
        }

        if (certificate)
        {
            s_log.Err("Certificate must be configured to use SSL");
        }

        if (caCert)
        {
            s_log.Err("CA certificate must be configured to use SSL");
        }
    }

    /// <summary>The errno a connection fails with when the settings are incomplete or unusable.</summary>
    internal const int NotConfiguredError = OvsErrno.ENOPROTOOPT;
}
