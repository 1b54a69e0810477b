using System.Net.Security;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Tests.Streams;

public sealed class SslCipherListTests
{
    private const int Tls13Count = 3;

    [Fact]
    public void ExplicitNameSelectsOneSuite()
    {
        IReadOnlyList<TlsCipherSuite> suites = SslCipherList.Parse("ECDHE-ECDSA-AES256-GCM-SHA384")!;
        Assert.Equal(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, suites[0]);
        Assert.Equal(1 + Tls13Count, suites.Count);
    }

    [Fact]
    public void BangRemovesForGood()
    {
        IReadOnlyList<TlsCipherSuite> all = SslCipherList.Parse("HIGH:!aNULL:!MD5")!;
        IReadOnlyList<TlsCipherSuite> fewer = SslCipherList.Parse("HIGH:!aNULL:!MD5:!ECDHE-ECDSA-AES256-GCM-SHA384")!;
        Assert.Equal(all.Count - 1, fewer.Count);
        Assert.DoesNotContain(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, fewer);
        Assert.DoesNotContain(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, SslCipherList.Parse("!ECDHE:HIGH")!.Take(5));
    }

    [Fact]
    public void PlusCombinesAliasesAndMinusRemoves()
    {
        IReadOnlyList<TlsCipherSuite> suites = SslCipherList.Parse("kECDHE+AESGCM:-aECDSA")!;
        Assert.Equal(
            [TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
            suites.Take(suites.Count - Tls13Count));
    }

    [Theory]
    [InlineData("aNULL")]
    [InlineData("RC4-MD5")]
    [InlineData("HIGH:!ALL")]
    [InlineData("@SECLEVEL=1")]
    public void ListsSelectingNothingAreRejected(string list) => Assert.Null(SslCipherList.Parse(list));
}
