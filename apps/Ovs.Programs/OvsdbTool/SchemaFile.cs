// Upstream: ovsdb/ovsdb.c, ovsdb_schema_from_file(); lib/json.c, json_from_file() (OVS 3.1)
using System.Text;
using Ovs.Common;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Programs.OvsdbTool;

/// <summary>Loads a .ovsschema file with upstream's error texts.</summary>
internal static class SchemaFile
{
    /// <summary>Reads and parses a schema file; on failure returns the error text ovsdb-tool prints.</summary>
    public static string? TryRead(string fileName, out DatabaseSchema? schema)
    {
        schema = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fileName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string how = Directory.Exists(fileName) ? "error reading JSON stream" : $"error opening \"{fileName}\"";
            int errno = Directory.Exists(fileName) ? OvsErrno.EISDIR : OvsErrno.FromException(e);
            return $"failed to read schema: \"{fileName}\" could not be read as JSON ({how}: {OvsErrno.StrError(errno)})";
        }

        if (!JsonParser.TryParse(bytes, out JsonValue? json, out string? jsonError))
        {
            return $"failed to read schema: \"{fileName}\" could not be read as JSON ({jsonError})";
        }

        OvsdbError? error = DatabaseSchema.TryFromJson(json!, out DatabaseSchema parsed);
        if (error is not null)
        {
            return new OvsdbError(error.Tag, $"failed to parse \"{fileName}\" as ovsdb schema: {error.Details}", error.Syntax).ToString();
        }

        schema = parsed;
        return null;
    }

    /// <summary>Reads a schema file or ends the command with upstream's message.</summary>
    public static DatabaseSchema Read(string fileName) =>
        TryRead(fileName, out DatabaseSchema? schema) is string error ? throw new ToolFailure(error) : schema!;

    /// <summary>True if the bytes of <paramref name="fileName"/> start like a JSON text rather than a log header.</summary>
    public static bool LooksLikeJson(string fileName)
    {
        try
        {
            using FileStream stream = File.OpenRead(fileName);
            Span<byte> first = stackalloc byte[64];
            int count = stream.Read(first);
            string text = Encoding.ASCII.GetString(first[..count]).TrimStart();
            return text.StartsWith('{');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
