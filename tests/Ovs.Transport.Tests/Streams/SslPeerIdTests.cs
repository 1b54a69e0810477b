using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Tests.Streams;

[Trait("upstream", "tests/ovsdb-rbac.at")]
public sealed class SslPeerIdTests
{
    [Theory]
    [InlineData("C=US, O=Open vSwitch, CN=client-1", "client-1")]
    [InlineData("CN=client-1 id:1234, O=x", "client-1 id:1234")]
    [InlineData("C=US, CN=first, CN=second", "first")]
    [InlineData("C=US, O=no common name", null)]
    public void The_id_is_the_first_common_name_in_encoding_order(string subject, string? expected)
    {
        // X500DistinguishedName takes the display form, most significant RDN first, which is also the encoding order.
        Assert.Equal(expected, SslPeerId.FirstCommonName(new X500DistinguishedName(subject, X500DistinguishedNameFlags.UseCommas)));
    }

    [Fact]
    public void A_certificate_gives_its_subjects_common_name_and_no_certificate_gives_none()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("C=US, O=Open vSwitch, CN=client-2", key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal("client-2", SslPeerId.CommonName(certificate));
        Assert.Null(SslPeerId.CommonName(null));
    }
}
