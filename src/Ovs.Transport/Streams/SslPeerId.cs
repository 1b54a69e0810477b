// Upstream: lib/stream-ssl.c, get_peer_common_name() (OVS 3.1)
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ovs.Transport.Streams;

/// <summary>The ID of an SSL peer: the first common name (CN) in its certificate's subject, as encoded.</summary>
internal static class SslPeerId
{
    private const string CommonNameOid = "2.5.4.3";

    public static string? CommonName(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return null;
        }

        try
        {
            if (certificate is X509Certificate2 parsed)
            {
                return FirstCommonName(parsed.SubjectName);
            }

            using X509Certificate2 loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return FirstCommonName(loaded.SubjectName);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The first CN attribute of <paramref name="name"/> in encoding order (the order upstream searches).</summary>
    public static string? FirstCommonName(X500DistinguishedName name)
    {
        foreach (X500RelativeDistinguishedName rdn in name.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid)
            {
                return rdn.GetSingleElementValue();
            }
        }

        return null;
    }
}
