// Upstream: ovsdb/ovsdb-error.c, ovsdb_io_error() and ovsdb_syntax_error() as used by ovsdb/log.c (OVS 3.1)
namespace Ovs.Ovsdb.Engine.Storage;

/// <summary>
/// An error from the storage layer: an RFC 7047-style tag ("I/O error", "syntax error", "ovsdb error") and a
/// details text that already names the file, exactly as upstream's tools print them after "program: ".
/// </summary>
internal sealed record StorageError(string Tag, string Details, string? OffendingJson = null)
{
    public const string IoErrorTag = "I/O error";
    public const string SyntaxErrorTag = "syntax error";
    public const string OvsdbErrorTag = "ovsdb error";

    public static StorageError Io(string details) => new(IoErrorTag, details);

    public static StorageError Syntax(string details) => new(SyntaxErrorTag, details);

    public static StorageError Ovsdb(string details) => new(OvsdbErrorTag, details);

    /// <summary>An error from replaying a record, keeping its offending JSON (printed as <c>syntax "..."</c>).</summary>
    public static StorageError FromOvsdb(OvsdbError error) => new(error.Tag, error.Details ?? "", error.Syntax);

    /// <summary>The same error as an <see cref="OvsdbError"/>, whose text form is identical.</summary>
    public OvsdbError ToOvsdbError() => new(Tag, Details, OffendingJson);

    /// <summary>The text upstream prints, "tag: details" (preceded by <c>syntax "..."</c> when there is one).</summary>
    public override string ToString() => ToOvsdbError().ToString();
}
