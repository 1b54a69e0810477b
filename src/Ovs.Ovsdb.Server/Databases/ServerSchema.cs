// Upstream: ovsdb/_server.ovsschema (OVS 3.1)
//
// The schema of the built-in "_Server" database, version 1.2.0. The text is what Debian's ovsdb-server 3.1.0
// returns for "ovsdb-client get-schema unix:SOCK _Server" (also committed as schemas/_server.ovsschema), so its
// checksum ("3009684573 744") matches upstream's.
namespace Ovs.Ovsdb.Server.Databases;

internal static class ServerSchema
{
    /// <summary>The reserved name of the server's own database.</summary>
    public const string Name = "_Server";

    public const string Text =
        @"{""cksum"":""3009684573 744"",""name"":""_Server"",""tables"":{""Database"":{""columns"":{""cid"":{""type"":{""key"":""uuid"",""min"":0}},""connected"":{""type"":""boolean""},""index"":{""type"":{""key"":""integer"",""min"":0}},""leader"":{""type"":""boolean""},""model"":{""type"":{""key"":{""enum"":[""set"",[""clustered"",""relay"",""standalone""]],""type"":""string""}}},""name"":{""type"":""string""},""schema"":{""type"":{""key"":""string"",""min"":0}},""sid"":{""type"":{""key"":""uuid"",""min"":0}}}}},""version"":""1.2.0""}";

    private static readonly Lazy<DatabaseSchema> s_schema = new(() =>
    {
        OvsdbError? error = DatabaseSchema.TryParse(Text, out DatabaseSchema schema);
        return error is null ? schema : throw new InvalidOperationException(error.ToString());
    });

    /// <summary>The parsed schema (parsed once; the text is a constant, so parsing cannot fail).</summary>
    public static DatabaseSchema Schema => s_schema.Value;
}
