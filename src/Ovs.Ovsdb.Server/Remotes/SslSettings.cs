// Upstream: ovsdb/ovsdb-server.c, reconfigure_ssl() and query_db_string() (OVS 3.1)
//
// ovsdb-server's SSL/TLS options as given on the command line. --private-key, --certificate, --ca-cert (or
// --bootstrap-ca-cert), --ssl-protocols and --ssl-ciphers may each name a database column as
// "db:DB,TABLE,COLUMN"; Apply() resolves them to the first non-empty string in that column and passes the result
// to the process-wide SslConfiguration. The remote manager calls Apply() whenever it reconfigures (start-up and
// every commit), so a change in the database takes effect for the next connection. Main loop only.
using Ovs.Common.Logging;
using Ovs.Ovsdb.Engine;
using Ovs.Transport.Streams;

namespace Ovs.Ovsdb.Server.Remotes;

internal sealed class SslSettings
{
    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_server");
    private static readonly VlogRateLimit s_rateLimit = new(1, 1);

    public string? PrivateKey { get; set; }

    public string? Certificate { get; set; }

    public string? CaCert { get; set; }

    /// <summary>True when the CA file came from --bootstrap-ca-cert.</summary>
    public bool BootstrapCaCert { get; set; }

    /// <summary>--peer-ca-cert: CA certificates sent to peers after our own (no db: form, as upstream).</summary>
    public string? PeerCaCert { get; set; }

    public string? Protocols { get; set; }

    public string? Ciphers { get; set; }

    /// <summary>Resolves db: references and updates the process-wide configuration.</summary>
    public void Apply(OvsdbServer server)
    {
        SslConfiguration.SetPrivateKeyFile(Resolve(server, PrivateKey));
        SslConfiguration.SetCertificateFile(Resolve(server, Certificate));
        SslConfiguration.SetCaCertFile(Resolve(server, CaCert), BootstrapCaCert);
        SslConfiguration.SetPeerCaCertFile(PeerCaCert);
        if (Protocols is not null)
        {
            SslConfiguration.SetProtocols(Resolve(server, Protocols));
        }

        if (Ciphers is not null)
        {
            SslConfiguration.SetCiphers(Resolve(server, Ciphers));
        }
    }

    private static string? Resolve(OvsdbServer server, string? value)
    {
        if (value is null || !value.StartsWith(DbRemote.Prefix, StringComparison.Ordinal))
        {
            return value;
        }

        string[] parts = value[DbRemote.Prefix.Length..].Split(',');
        if (parts.Length != 3
            || server.FindDatabase(parts[0]) is not { } db
            || db.Database.GetTable(parts[1]) is not { } table
            || table.Schema.GetColumn(parts[2]) is not { } column
            || column.Type.IsMap
            || column.Type.Key.Type != AtomicType.String)
        {
            s_log.Warn(s_rateLimit, $"\"{value}\": invalid syntax, or no string column by that name");
            return null;
        }

        foreach (Row row in table.Rows)
        {
            foreach (Atom atom in row[column].Keys)
            {
                if (atom.AsString.Length > 0)
                {
                    return atom.AsString;
                }
            }
        }

        return null;
    }
}
