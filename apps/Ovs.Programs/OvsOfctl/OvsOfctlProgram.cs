// Upstream: utilities/ovs-ofctl.c, main() (OVS 3.1)
//
// ovs-ofctl: parse options with getopt_long rules, pick the command from the table, check its argument count and
// the --read-only rule with upstream's messages, then run it. Failures print "ovs-ofctl: message" and exit 1.
using System.Text;
using Ovs.Cli;
using Ovs.Cli.Options;
using Ovs.Common;

namespace Ovs.Programs.OvsOfctl;

internal static partial class OvsOfctlProgram
{
    public static int Run(string[] args)
    {
        TextWriter output = Console.Out;
        try
        {
            return RunCore(args, output);
        }
        catch (CliException e)
        {
            output.Flush();
            Console.Error.Write(e.FormatLine() + "\n");
            return 1;
        }
        catch (OfctlExitException e)
        {
            output.Flush();
            Console.Error.Write(e.Stderr);
            return e.Code;
        }
        finally
        {
            output.Flush();
        }
    }

    private static int RunCore(string[] args, TextWriter output)
    {
        GetOptResult parsed = GetOpt.Parse(args, OfctlOptions.Table);
        OfctlOptions options = OfctlOptions.Parse(parsed);
        if (options.ShowHelp)
        {
            output.Write(Usage.Text());
            return 0;
        }

        if (options.ShowOptions)
        {
            output.Write(FormatOptionList());
            return 0;
        }

        if (options.ShowVersion)
        {
            output.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\nOpenFlow versions 0x1:0x6\n");
            return 0;
        }

        IReadOnlyList<string> operands = parsed.Operands;
        if (operands.Count == 0)
        {
            throw new CliException("missing command name; use --help for help");
        }

        OfctlCommand? command = Array.Find(s_commands, c => c.Name == operands[0]);
        if (command is null)
        {
            throw new CliException($"unknown command '{operands[0]}'; use --help for help");
        }

        int count = operands.Count - 1;
        if (count < command.MinArgs)
        {
            throw new CliException($"'{command.Name}' command requires at least {command.MinArgs} arguments");
        }

        if (count > command.MaxArgs)
        {
            throw new CliException($"'{command.Name}' command takes at most {command.MaxArgs} arguments");
        }

        if (options.ReadOnly && command.Mode == OfctlMode.ReadWrite)
        {
            throw new CliException($"'{command.Name}' command does not work in read only mode");
        }

        command.Handler(new OfctlContext(options, [.. operands.Skip(1)], output));
        return 0;
    }

    /// <summary>The --option listing: each long form, then its short form, one per line.</summary>
    private static string FormatOptionList()
    {
        var sb = new StringBuilder();
        foreach (OptionSpec o in OfctlOptions.Table)
        {
            sb.Append("--").Append(o.Name).Append(o.Argument switch
            {
                OptionArgument.Required => "=ARG",
                OptionArgument.Optional => "=[ARG]",
                _ => string.Empty,
            }).Append('\n');
            if (o.Short != '\0')
            {
                sb.Append('-').Append(o.Short).Append(' ').Append(o.Argument switch
                {
                    OptionArgument.Required => "ARG",
                    OptionArgument.Optional => "[ARG]",
                    _ => string.Empty,
                }).Append('\n');
            }
        }

        return sb.ToString();
    }
}
