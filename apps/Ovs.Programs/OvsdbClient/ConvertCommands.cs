// Upstream: ovsdb/ovsdb-client.c, do_convert() and do_needs_conversion() (OVS 3.1)
using System.Text;
using Ovs.Cli;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsdbClient;

internal static class ConvertCommands
{
    /// <summary>Asks the server to convert the database named in SCHEMA to that schema ("convert" method).</summary>
    public static async Task Convert(CommandContext ctx)
    {
        DatabaseSchema schema = ReadSchema(ctx.Args[0]);
        await ctx.SendDbChangeAwareAsync().ConfigureAwait(false);
        await ctx.RequestAsync("convert", [schema.Name, schema.ToJson()], "convert").ConfigureAwait(false);
    }

    /// <summary>Prints "yes" if the server's copy of SCHEMA's database has a different schema, else "no".</summary>
    public static async Task NeedsConversion(CommandContext ctx)
    {
        DatabaseSchema schema = ReadSchema(ctx.Args[0]);
        (DatabaseSchema current, _) = await SchemaCommands.FetchSchema(ctx, schema.Name).ConfigureAwait(false);
        ctx.Out.Write(current.JsonEquals(schema) ? "no\n" : "yes\n");
    }

    private static DatabaseSchema ReadSchema(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = Ovs.Common.OvsErrno.StrError(Ovs.Common.OvsErrno.FromException(e));
            throw new CliException($"failed to read schema: \"{path}\" could not be read as JSON (error opening \"{path}\": {reason})");
        }

        if (!JsonParser.TryParse(bytes, out JsonValue? json, out string? jsonError))
        {
            throw new CliException($"failed to read schema: \"{path}\" could not be read as JSON ({jsonError})");
        }

        OvsdbError? error = DatabaseSchema.TryFromJson(json!, out DatabaseSchema schema);
        return error is null ? schema : throw new CliException($"failed to read schema: {error}");
    }
}
