// Upstream: lib/stream-ssl.c, peer verification (SSL_VERIFY_PEER) and bootstrap_ca_cert() (OVS 3.1)
//
// Checks one connection's peer certificate. Both sides require a certificate from the peer (mutual
// authentication) and accept it when it chains to one of the configured CA certificates; names are not checked,
// as upstream does not check them. With --ca-cert=none everything is accepted. While bootstrapping (the
// --bootstrap-ca-cert file does not exist), the self-signed root at the top of the chain the peer sent is saved
// to that file and trusted from then on; the connection that brought it is then dropped (Bootstrapped) so the
// caller reconnects with the CA in force, as upstream does.
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ovs.Common.Logging;

namespace Ovs.Transport.Streams;

internal sealed class SslPeerVerifier
{
    private static readonly VlogModule s_log = VlogModule.Get("stream_ssl");

    private static readonly Dictionary<string, string> s_shortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["1.2.840.113549.1.9.1"] = "emailAddress",
    };

    private readonly SslContext _context;

    internal SslPeerVerifier(SslContext context) => _context = context;

    /// <summary>True if this connection bootstrapped the CA certificate and must be dropped.</summary>
    public bool Bootstrapped { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        if (_context.VerificationDisabled)
        {
            return true;
        }

        using var leaf = new X509Certificate2(certificate);
        if (_context.Bootstrapping)
        {
            return Bootstrap(leaf, chain);
        }

        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.AddRange(_context.Trusted!);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            verify.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return verify.Build(leaf);
    }

    private bool Bootstrap(X509Certificate2 leaf, X509Chain? chain)
    {
        List<X509Certificate2> sent = [leaf];
        if (chain is not null)
        {
            sent.AddRange(chain.ChainPolicy.ExtraStore.Where(c => c.Thumbprint != leaf.Thumbprint));
        }

        X509Certificate2 root = sent[^1];
        if (!root.SubjectName.RawData.AsSpan().SequenceEqual(root.IssuerName.RawData))
        {
            s_log.Err("could not bootstrap CA cert: obtained certificate is not self-signed (subject issuer mismatch)");
            if (sent.Count == 1)
            {
                s_log.Err("only one certificate was received, so probably the peer is not configured to send its CA certificate");
            }

            return false;
        }

        string file = _context.CaCertFile;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            }

            using var stream = new FileStream(file, options);
            stream.Write(Encoding.ASCII.GetBytes(root.ExportCertificatePem() + "\n"));
        }
        catch (IOException) when (File.Exists(file))
        {
            s_log.Info($"reading CA cert {file} created by another process");
            SslConfiguration.Invalidate();
            Bootstrapped = true;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            s_log.Err($"could not bootstrap CA cert: creating {file} failed: {ex.Message}");
            return false;
        }

        s_log.Info($"successfully bootstrapped CA cert to {file}");
        string fingerprint = string.Join(':', SHA1.HashData(root.RawData).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        s_log.Info($"Trusting CA cert from {file} ({OneLine(root.SubjectName)}) (fingerprint {fingerprint})");
        SslConfiguration.Invalidate();
        Bootstrapped = true;
        return true;
    }

    /// <summary>OpenSSL's one-line name form: "/C=US/O=Open vSwitch/CN=...".</summary>
    internal static string OneLine(X500DistinguishedName name)
    {
        var text = new StringBuilder();
        foreach (X500RelativeDistinguishedName rdn in name.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            string oid = rdn.GetSingleElementType().Value ?? string.Empty;
            text.Append('/').Append(s_shortNames.GetValueOrDefault(oid, oid)).Append('=').Append(rdn.GetSingleElementValue());
        }

        return text.ToString();
    }
}
