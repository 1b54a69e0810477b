// Upstream: ovsdb/ovsdb-tool.c, main() (OVS 3.1)
//
// ovsdb-tool: offline management of OVSDB database files, standalone and clustered. Main parses the global
// options, finds the command in the table (OvsdbTool.Commands.cs) and checks its argument count with upstream's
// messages, then runs the handler. Handlers report failure by throwing ToolFailure, which becomes
// "ovsdb-tool: MESSAGE" and exit status 1, as ovs_fatal() does upstream; the few commands that answer a yes/no
// question (db-is-clustered, compare-versions, ...) return 2 for "no".
using Ovs.Common;

namespace Ovs.Programs.OvsdbTool;

internal static partial class OvsdbTool
{
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs one ovsdb-tool command line, writing to the given streams; returns the exit status.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            var options = new ToolOptions();
            IReadOnlyList<string> operands = options.Parse(args, output, out int? exitNow);
            if (exitNow is int status)
            {
                return status;
            }

            return Dispatch(operands, options, output, error);
        }
        catch (ToolFailure failure)
        {
            output.Flush();
            error.Write(failure.Bare ? $"{failure.Message}\n" : $"{OvsProgram.Name}: {failure.Message}\n");
            return failure.ExitCode;
        }
        finally
        {
            output.Flush();
        }
    }

    private static int Dispatch(IReadOnlyList<string> operands, ToolOptions options, TextWriter output, TextWriter error)
    {
        if (operands.Count == 0)
        {
            throw new ToolFailure("missing command name; use --help for help");
        }

        string name = operands[0];
        if (!s_byName.TryGetValue(name, out ToolCommand? command))
        {
            throw new ToolFailure($"unknown command '{name}'; use --help for help");
        }

        int count = operands.Count - 1;
        if (count < command.MinArgs)
        {
            throw new ToolFailure($"'{name}' command requires at least {command.MinArgs} arguments");
        }

        if (count > command.MaxArgs)
        {
            throw new ToolFailure($"'{name}' command takes at most {command.MaxArgs} arguments");
        }

        var context = new ToolContext([.. operands.Skip(1)], options, output, error);
        return command.Handler(context);
    }
}
