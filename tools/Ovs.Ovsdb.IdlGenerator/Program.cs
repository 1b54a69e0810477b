// Build-time entry point: Ovs.Ovsdb.IdlGenerator SCHEMA OUTPUT NAMESPACE CLASS
//
// Parses SCHEMA with the same loader the programs use and writes OUTPUT (C#, see SchemaCodeWriter). The build runs
// it only when SCHEMA or the generator is newer than OUTPUT (OvsdbIdl.targets).
using Ovs.Ovsdb;
using Ovs.Ovsdb.IdlGenerator;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Ovs.Ovsdb.IdlGenerator SCHEMA OUTPUT NAMESPACE CLASS");
    return 2;
}

string schemaPath = args[0];
if (DatabaseSchema.TryParse(File.ReadAllText(schemaPath), out DatabaseSchema schema) is { } error)
{
    Console.Error.WriteLine($"{schemaPath}: {error}");
    return 1;
}

string code = SchemaCodeWriter.Generate(schema, args[2], args[3], Path.GetFileName(schemaPath));
string output = args[1];
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, code);

return 0;
