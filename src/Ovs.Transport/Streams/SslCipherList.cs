// Upstream: lib/stream-ssl.c, stream_ssl_set_ciphers() and OpenSSL's SSL_CTX_set_cipher_list() syntax (OVS 3.1)
//
// Turns an OpenSSL cipher string ("HIGH:!aNULL:!MD5", "ECDHE-RSA-AES256-GCM-SHA384", "kECDHE+AESGCM:-SHA1") into
// the TLS 1.2 cipher suites .NET can be restricted to. The candidates are the suites OpenSSL 3 ships enabled,
// each described by the alias words OpenSSL matches it with (key exchange, authentication, cipher, MAC,
// strength). Elements are separated by ':', ',' or ' '; "A+B" means both aliases; a leading '!' removes for good,
// '-' removes, '+' moves to the end; "@..." directives are accepted and ignored. Suites OpenSSL disables by
// default (NULL, export, RC4, MD5, 3DES) are not candidates, so words naming them select nothing, which is what
// they select in OpenSSL's default build too. TLS 1.3 suites are not governed by this list, as in OpenSSL.
using System.Net.Security;

namespace Ovs.Transport.Streams;

internal static class SslCipherList
{
    private static readonly (string Name, TlsCipherSuite Suite)[] s_candidates =
    [
        ("ECDHE-ECDSA-AES256-GCM-SHA384", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
        ("ECDHE-RSA-AES256-GCM-SHA384", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
        ("DHE-RSA-AES256-GCM-SHA384", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384),
        ("ECDHE-ECDSA-CHACHA20-POLY1305", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256),
        ("ECDHE-RSA-CHACHA20-POLY1305", TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
        ("DHE-RSA-CHACHA20-POLY1305", TlsCipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
        ("ECDHE-ECDSA-AES128-GCM-SHA256", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
        ("ECDHE-RSA-AES128-GCM-SHA256", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
        ("DHE-RSA-AES128-GCM-SHA256", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256),
        ("ECDHE-ECDSA-AES256-SHA384", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384),
        ("ECDHE-RSA-AES256-SHA384", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384),
        ("DHE-RSA-AES256-SHA256", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256),
        ("ECDHE-ECDSA-AES128-SHA256", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256),
        ("ECDHE-RSA-AES128-SHA256", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256),
        ("DHE-RSA-AES128-SHA256", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256),
        ("ECDHE-ECDSA-AES256-SHA", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA),
        ("ECDHE-RSA-AES256-SHA", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA),
        ("DHE-RSA-AES256-SHA", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA),
        ("ECDHE-ECDSA-AES128-SHA", TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA),
        ("ECDHE-RSA-AES128-SHA", TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA),
        ("DHE-RSA-AES128-SHA", TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA),
        ("AES256-GCM-SHA384", TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384),
        ("AES128-GCM-SHA256", TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256),
        ("AES256-SHA256", TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256),
        ("AES128-SHA256", TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256),
        ("AES256-SHA", TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA),
        ("AES128-SHA", TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA),
    ];

    /// <summary>The TLS 1.3 suites, always allowed: OpenSSL configures them separately from the cipher list.</summary>
    private static readonly TlsCipherSuite[] s_tls13 =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
    ];

    private static readonly HashSet<string>[] s_aliases = [.. s_candidates.Select(c => Aliases(c.Name))];

    /// <summary>The suites <paramref name="list"/> selects, TLS 1.3 ones included; null if it selects none.</summary>
    public static IReadOnlyList<TlsCipherSuite>? Parse(string list)
    {
        var selected = new List<int>();
        var killed = new HashSet<int>();
        foreach (string element in list.Split([':', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (element[0] == '@')
            {
                continue;
            }

            char op = element[0] is '!' or '-' or '+' ? element[0] : '\0';
            string[] words = (op == '\0' ? element : element[1..]).Split('+');
            IEnumerable<int> matches = Enumerable.Range(0, s_candidates.Length).Where(i => words.All(s_aliases[i].Contains));
            switch (op)
            {
                case '!':
                    foreach (int i in matches)
                    {
                        killed.Add(i);
                        selected.Remove(i);
                    }

                    break;
                case '-':
                    selected.RemoveAll(i => matches.Contains(i));
                    break;
                case '+':
                    int[] moved = [.. selected.Where(i => matches.Contains(i))];
                    selected.RemoveAll(moved.Contains);
                    selected.AddRange(moved);
                    break;
                default:
                    selected.AddRange(matches.Where(i => !killed.Contains(i) && !selected.Contains(i)).ToList());
                    break;
            }
        }

        return selected.Count == 0 ? null : [.. selected.Select(i => s_candidates[i].Suite), .. s_tls13];
    }

    /// <summary>The OpenSSL alias words that match the suite named <paramref name="name"/>.</summary>
    private static HashSet<string> Aliases(string name)
    {
        var aliases = new HashSet<string>(StringComparer.Ordinal) { name, "ALL", "DEFAULT", "HIGH", "AES" };
        string[] parts = name.Split('-');
        string[] exchange = parts[0] switch
        {
            "ECDHE" => ["kECDHE", "ECDHE", "EECDH", "kEECDH", "ECDH"],
            "DHE" => ["kDHE", "DHE", "EDH", "kEDH", "DH"],
            _ => ["kRSA", "RSA"],
        };
        aliases.UnionWith(exchange);
        aliases.UnionWith(parts.Contains("ECDSA") ? ["aECDSA", "ECDSA"] : ["aRSA"]);
        if (parts.Contains("CHACHA20"))
        {
            aliases.Remove("AES");
            aliases.UnionWith(["CHACHA20", "TLSv1.2"]);
        }

        aliases.UnionWith(parts.Where(p => p is "AES128" or "AES256"));
        if (parts.Contains("GCM"))
        {
            aliases.UnionWith(["AESGCM", "TLSv1.2"]);
        }

        string mac = parts[^1];
        aliases.UnionWith(mac switch
        {
            "SHA" => ["SHA1", "SHA", "SSLv3", "TLSv1"],
            "SHA256" or "SHA384" => [mac, "TLSv1.2"],
            _ => [],
        });
        return aliases;
    }
}
