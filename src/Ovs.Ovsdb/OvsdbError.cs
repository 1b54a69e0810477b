// Upstream: lib/ovsdb-error.c (OVS 3.1)
//
// An OVSDB error is a value, never an exception at the public surface: every parser and check in this library
// returns an OvsdbError (or null for success). The tag is one of the RFC 7047 error strings (see OvsdbErrorTags);
// the details are free text meant for humans; the syntax, when present, is the offending JSON text serialized
// compactly with sorted members, exactly as upstream records it.
using System.Text;
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>An RFC 7047 error: a tag, optional human-readable details and optional offending JSON text.</summary>
public sealed class OvsdbError : IEquatable<OvsdbError>
{
    public OvsdbError(string tag, string? details = null, string? syntax = null, string? ioError = null)
    {
        Tag = tag;
        Details = details;
        Syntax = syntax;
        IoError = ioError;
    }

    /// <summary>The error string, e.g. "syntax error" or "constraint violation".</summary>
    public string Tag { get; }

    public string? Details { get; }

    /// <summary>The offending JSON, compact with sorted members, or null when the error is not about syntax.</summary>
    public string? Syntax { get; }

    /// <summary>An operating-system error text (upstream's errno extension, member "io-error").</summary>
    public string? IoError { get; }

    /// <summary>
    /// An error about malformed input. A null <paramref name="tag"/> means "syntax error"; <paramref name="json"/>
    /// (if any) is recorded as the syntax.
    /// </summary>
    public static OvsdbError SyntaxError(JsonValue? json, string? tag, string details) =>
        new(tag ?? OvsdbErrorTags.SyntaxError, details, json?.ToString(JsonWriteOptions.Sort));

    /// <summary>An error with a tag that defaults to "ovsdb error", as upstream's <c>ovsdb_error(NULL, ...)</c>.</summary>
    public static OvsdbError Create(string? tag, string details) => new(tag ?? OvsdbErrorTags.OvsdbError, details);

    public static OvsdbError ConstraintViolation(string details) => new(OvsdbErrorTags.ConstraintViolation, details);

    public static OvsdbError Internal(string details) => new(OvsdbErrorTags.InternalError, details);

    /// <summary>
    /// Returns a copy whose details are prefixed with <paramref name="context"/> and ": ", as upstream's
    /// <c>ovsdb_wrap_error</c> does (e.g. <c>failed to parse "x.ovsschema" as ovsdb schema: ...</c>).
    /// </summary>
    public OvsdbError Wrap(string context) =>
        new(Tag, Details is null ? context : $"{context}: {Details}", Syntax, IoError);

    /// <summary>Returns a copy with a different tag (upstream callers do this to reclassify an error).</summary>
    public OvsdbError WithTag(string tag) => new(tag, Details, Syntax, IoError);

    /// <summary>The JSON form: <c>{"error":tag,"details":...,"syntax":...,"io-error":...}</c>, absent parts omitted.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { { "error", Tag } };
        if (Details is not null)
        {
            json.Add("details", Details);
        }

        if (Syntax is not null)
        {
            json.Add("syntax", Syntax);
        }

        if (IoError is not null)
        {
            json.Add("io-error", IoError);
        }

        return json;
    }

    /// <summary>
    /// Parses the JSON form produced by <see cref="ToJson"/> (as found in a transaction reply). Returns null when
    /// <paramref name="json"/> is not an object with a string "error" member.
    /// </summary>
    public static OvsdbError? FromJson(JsonValue json)
    {
        if (json is not JsonObject o || o["error"] is not JsonString tag)
        {
            return null;
        }

        return new OvsdbError(
            tag.Value,
            (o["details"] as JsonString)?.Value,
            (o["syntax"] as JsonString)?.Value,
            (o["io-error"] as JsonString)?.Value);
    }

    /// <summary>The text form: <c>syntax "S": tag: details (io error)</c>, absent parts omitted.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Syntax is not null)
        {
            sb.Append("syntax \"").Append(Syntax).Append("\": ");
        }

        sb.Append(Tag);
        if (Details is not null)
        {
            sb.Append(": ").Append(Details);
        }

        if (IoError is not null)
        {
            sb.Append(" (").Append(IoError).Append(')');
        }

        return sb.ToString();
    }

    public bool Equals(OvsdbError? other) =>
        other is not null
        && string.Equals(Tag, other.Tag, StringComparison.Ordinal)
        && string.Equals(Details, other.Details, StringComparison.Ordinal)
        && string.Equals(Syntax, other.Syntax, StringComparison.Ordinal)
        && string.Equals(IoError, other.IoError, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as OvsdbError);

    public override int GetHashCode() => HashCode.Combine(Tag, Details, Syntax, IoError);
}

/// <summary>The error strings of RFC 7047 section 3.1 and upstream's extensions.</summary>
public static class OvsdbErrorTags
{
    public const string SyntaxError = "syntax error";
    public const string ConstraintViolation = "constraint violation";
    public const string ReferentialIntegrityViolation = "referential integrity violation";
    public const string ResourcesExhausted = "resources exhausted";
    public const string IoError = "I/O error";
    public const string DuplicateUuidName = "duplicate uuid-name";
    public const string DomainError = "domain error";
    public const string RangeError = "range error";
    public const string TimedOut = "timed out";
    public const string NotSupported = "not supported";
    public const string Aborted = "aborted";
    public const string NotOwner = "not owner";
    public const string UnknownDatabase = "unknown database";
    public const string InternalError = "internal error";
    public const string OvsdbError = "ovsdb error";
    public const string PermissionError = "permission error";
    public const string UnknownColumn = "unknown column";
    public const string UnknownFunction = "unknown function";
    public const string UnknownMutator = "unknown mutator";
    public const string UnknownTable = "unknown table";
    public const string UnknownOperation = "unknown operation";
}

/// <summary>
/// Carries an <see cref="OvsdbError"/> out of deep parsing code. It never escapes this library's public methods:
/// each Try* entry point catches it and returns the error value.
/// </summary>
internal sealed class OvsdbErrorException(OvsdbError error) : Exception(error.ToString())
{
    public OvsdbError Error { get; } = error;
}
