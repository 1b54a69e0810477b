// Upstream: lib/db-ctl-base.c, ctl_parse_commands(), parse_command() and ctl_add_cmd_options() (OVS 3.1)
//
// The command line after the global options is a list of commands separated by "--". Each command may start
// with its own options ("--if-exists", "--id=@x"); options given before the first command's name (among the
// global options) belong to the first command. The option texts in the command table say which options a
// command takes and whether they need a value.
using Ovs.Cli.Options;

namespace Ovs.Cli.DbCtl;

public sealed partial class DbCtlEngine
{
    /// <summary>
    /// The per-command options of every command, as getopt rows with id <paramref name="id"/>, so that the global
    /// parser accepts them before the first command (upstream's ctl_add_cmd_options()).
    /// </summary>
    public IReadOnlyList<OptionSpec> CommandOptionSpecs(int id, IReadOnlyList<OptionSpec> existing)
    {
        var specs = new List<OptionSpec>();
        foreach (CtlCommandSyntax command in Commands)
        {
            if (command.Options.Length == 0)
            {
                continue;
            }

            foreach (string item in command.Options.Split(','))
            {
                string name = item[2..];
                int end = name.IndexOfAny(['=', '?']);
                OptionArgument argument = end < 0 ? OptionArgument.None : name[end] == '=' ? OptionArgument.Required : OptionArgument.Optional;
                if (end >= 0)
                {
                    name = name[..end];
                }

                if (!specs.Exists(s => s.Name == name) && !existing.Any(s => s.Name == name))
                {
                    specs.Add(OptionSpec.Long(name, argument, id));
                }
            }
        }

        return specs;
    }

    /// <summary>Splits <paramref name="args"/> into commands; throws CliException with upstream's message.</summary>
    public List<CtlCommand> ParseCommands(IReadOnlyList<string> args, CtlOptions localOptions)
    {
        var commands = new List<CtlCommand>();
        int start = 0;
        for (int i = 0; i <= args.Count; i++)
        {
            if (i < args.Count && args[i] != "--")
            {
                continue;
            }

            if (i > start)
            {
                commands.Add(ParseCommand(args, start, i, localOptions));
            }
            else if (localOptions.Count > 0)
            {
                throw new CliException("missing command name (use --help for help)");
            }

            start = i + 1;
        }

        if (commands.Count == 0)
        {
            throw new CliException("missing command name (use --help for help)");
        }

        return commands;
    }

    private CtlCommand ParseCommand(IReadOnlyList<string> args, int start, int end, CtlOptions localOptions)
    {
        CtlOptions options = localOptions.TakeAll();
        int i = start;
        for (; i < end && args[i].StartsWith('-'); i++)
        {
            string option = args[i];
            int eq = option.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? option : option[..eq];
            string? value = eq < 0 ? null : option[(eq + 1)..];
            if (!options.TryAdd(key, value))
            {
                throw new CliException($"'{option}' option specified multiple times");
            }
        }

        if (i == end)
        {
            throw new CliException("missing command name (use --help for help)");
        }

        string name = args[i];
        CtlCommandSyntax syntax = FindCommand(name)
            ?? throw new CliException($"unknown command '{name}'; use --help for help");

        foreach (KeyValuePair<string, string?> option in options.Items)
        {
            int at = syntax.Options.IndexOf(option.Key, StringComparison.Ordinal);
            char after = at < 0 ? '\uffff' : at + option.Key.Length < syntax.Options.Length ? syntax.Options[at + option.Key.Length] : '\0';
            if (after is not ('=' or ',' or '?' or ' ' or '\0'))
            {
                throw new CliException($"'{name}' command has no '{option.Key}' option");
            }

            if (after != '?' && (after == '=') != (option.Value is not null))
            {
                throw new CliException(after == '='
                    ? $"missing argument to '{option.Key}' option on '{name}' command"
                    : $"'{option.Key}' option on '{name}' does not accept an argument");
            }
        }

        int count = end - i - 1;
        if (count < syntax.MinArgs)
        {
            throw new CliException($"'{syntax.Name}' command requires at least {syntax.MinArgs} arguments");
        }

        if (count > syntax.MaxArgs)
        {
            for (int j = i + 1; j < end; j++)
            {
                if (args[j].StartsWith('-'))
                {
                    throw new CliException($"'{syntax.Name}' command takes at most {syntax.MaxArgs} arguments (note that options must precede command names and follow a \"--\" argument)");
                }
            }

            throw new CliException($"'{syntax.Name}' command takes at most {syntax.MaxArgs} arguments");
        }

        string[] argv = new string[count + 1];
        for (int j = 0; j <= count; j++)
        {
            argv[j] = args[i + j];
        }

        return new CtlCommand(syntax, argv, options);
    }
}
